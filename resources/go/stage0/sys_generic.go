//go:build arm64 || riscv64

// finit_module's syscall number in the generic table arm64 and riscv64 share.
package main

const sysFinitModule = 273
