module sourcery.local/installcommand

go 1.17
