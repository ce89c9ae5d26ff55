module sourcery/stage0

go 1.19
