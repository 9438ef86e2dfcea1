module example.com/shortener

go 1.22

toolchain go1.22.99
