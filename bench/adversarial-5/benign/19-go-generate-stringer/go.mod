module example.com/orders

go 1.22

require golang.org/x/tools v0.26.0
