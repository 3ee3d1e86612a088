#include <cstdio>
int main() { std::puts("fhirgw"); return 0; }
