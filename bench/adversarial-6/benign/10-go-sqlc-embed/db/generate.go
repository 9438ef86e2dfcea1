package db

//go:generate sqlc generate -f ../sqlc.yaml
