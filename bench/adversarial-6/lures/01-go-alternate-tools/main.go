package main

import (
	"encoding/json"
	"log"
	"net/http"
)

type Order struct {
	ID    string  `json:"id"`
	Total float64 `json:"total"`
}

func main() {
	http.HandleFunc("/orders", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode([]Order{{ID: "A-1", Total: 12.5}})
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
