package main

import (
	"fmt"

	"example.com/orders/internal/build"
)

func main() {
	fmt.Println("orders", build.Version)
}
