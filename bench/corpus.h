// File: bench/corpus.h
// Loads the benchmark corpus (../shared/testsuites/oncology-corpus/valid.ndjson, or the file
// named by FHIRGW_BENCH_CORPUS) once per process.
#ifndef FHIRGW_BENCH_CORPUS_H_
#define FHIRGW_BENCH_CORPUS_H_

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace fhirgw::bench {

struct Corpus {
  std::vector<std::string> lines;
  size_t bytes = 0;
};

inline const Corpus& OncologyCorpus() {
  static const Corpus corpus = [] {
    Corpus c;
    const char* env = std::getenv("FHIRGW_BENCH_CORPUS");
    std::string path = env != nullptr ? env : FHIRGW_SHARED_DIR "/testsuites/oncology-corpus/valid.ndjson";
    std::ifstream in(path);
    if (!in) {
      std::cerr << "cannot open benchmark corpus " << path << "\n";
      std::exit(2);
    }
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      c.bytes += line.size();
      c.lines.push_back(std::move(line));
    }
    return c;
  }();
  return corpus;
}

}  // namespace fhirgw::bench

#endif  // FHIRGW_BENCH_CORPUS_H_
