//go:build race

package serve

// leakCycles under -race: the detector makes every cycle ~10x slower.
const leakCycles = 400
