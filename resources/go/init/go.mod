module sourcery.local/init

go 1.17
