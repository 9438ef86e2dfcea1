package main

import "fmt"

func main() { fmt.Println("jobs 0.1.0") }
