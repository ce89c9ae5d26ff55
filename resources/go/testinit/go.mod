module sourcery/testinit

go 1.19
