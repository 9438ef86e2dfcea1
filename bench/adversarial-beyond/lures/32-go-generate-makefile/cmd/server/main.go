package main

import (
	"fmt"

	"example.com/server/internal/version"
)

func main() {
	fmt.Println(version.Version)
}
