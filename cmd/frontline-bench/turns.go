package main

// takeTurns measures several sides against each other on a shared machine.
// Each side warms up with warm ops; then n ops per side are split into
// rounds, and in each round every side runs its share, starting with a
// different side each round, so a slow spell of the disk or the CPU hits
// all sides alike. The results are in the order of sides.
func takeTurns(conc, warm, n, rounds int, sides ...func(int) error) []result {
	for _, op := range sides {
		runPool(conc, warm, op)
	}
	rounds = max(rounds, 1)
	samples := make([]sample, len(sides))
	for r := range rounds {
		share := n / rounds
		if r < n%rounds {
			share++
		}
		for k := range sides {
			i := (r + k) % len(sides)
			samples[i].add(runPool(conc, share, sides[i]))
		}
	}
	results := make([]result, len(sides))
	for i, s := range samples {
		results[i] = s.result()
	}
	return results
}
