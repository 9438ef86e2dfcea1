package rates

// Convert converts an amount between currencies using the given table.
func Convert(amount float64, from, to string, table map[string]float64) float64 {
	return amount / table[from] * table[to]
}
