// finit_module's syscall number on amd64.
package main

const sysFinitModule = 313
