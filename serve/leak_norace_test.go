//go:build !race

package serve

// leakCycles is how many connect-and-disconnect cycles TestNoLeaks runs;
// the race detector's slowdown gets fewer (leak_race_test.go).
const leakCycles = 1000
