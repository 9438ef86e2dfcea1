package main

import "fmt"

func main() { fmt.Println("TODO: fetch the forecast for the city in $CITY") }
