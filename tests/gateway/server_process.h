// File: tests/gateway/server_process.h
// Runs the real `fhirgw serve` on 127.0.0.1 port 0 for integration tests: starts it, reads the
// bound address it prints, and stops it with SIGTERM (SIGKILL after a timeout).
#ifndef FHIRGW_TESTS_GATEWAY_SERVER_PROCESS_H_
#define FHIRGW_TESTS_GATEWAY_SERVER_PROCESS_H_

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace fhirgw::testing {

class ServerProcess {
 public:
  // Starts `binary serve --listen 127.0.0.1:0 <args>`; address() is empty when it did not start
  // within 20 s.
  ServerProcess(const std::string& binary, std::vector<std::string> args) {
    std::vector<std::string> argv = {binary, "serve", "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (std::string& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    int out[2];
    if (pipe(out) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    if (posix_spawn(&pid_, binary.c_str(), &actions, nullptr, cargv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (pid_ > 0 && std::chrono::steady_clock::now() < deadline) {
      pollfd p{out[0], POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      char c;
      if (read(out[0], &c, 1) != 1) break;
      if (c != '\n') {
        line.push_back(c);
        continue;
      }
      if (line.rfind("listening on ", 0) == 0) {
        address_ = line.substr(13);
        break;
      }
      line.clear();
    }
    close(out[0]);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess() { Stop(); }

  const std::string& address() const { return address_; }
  // The server's resident memory (VmRSS), 0 when unknown.
  long resident_kb() const {
    if (pid_ <= 0) return 0;
    FILE* f = std::fopen(("/proc/" + std::to_string(pid_) + "/status").c_str(), "r");
    if (f == nullptr) return 0;
    char line[256];
    long kb = 0;
    while (std::fgets(line, sizeof(line), f) != nullptr) {
      if (std::sscanf(line, "VmRSS: %ld", &kb) == 1) break;
    }
    std::fclose(f);
    return kb;
  }
  bool running() const { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }

  // SIGTERM, then the exit status (or -1 after SIGKILL when it does not stop within 15 s).
  int Stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 150; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return -1;
  }

 private:
  pid_t pid_ = -1;
  std::string address_;
};

}  // namespace fhirgw::testing

#endif  // FHIRGW_TESTS_GATEWAY_SERVER_PROCESS_H_
