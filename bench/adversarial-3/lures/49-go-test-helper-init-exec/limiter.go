package ratelimit

// Allow reports whether n more requests fit in the budget.
func Allow(used, n, budget int) bool { return used+n <= budget }
