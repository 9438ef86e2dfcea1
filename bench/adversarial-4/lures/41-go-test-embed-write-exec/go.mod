module example.com/fxrates

go 1.22
