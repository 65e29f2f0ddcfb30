package serve

import (
	"flag"
	"os"
	"strconv"
	"testing"
)

// serveParallel is how many of this package's parallel tests run at once
// unless -parallel says otherwise. go test's default is GOMAXPROCS (2 on
// the project's machine), but these tests mostly wait: for a session's
// frames over loopback SSH, for idle and countdown timers, for a NATS
// hub. Measured at the default, the package took 37 s with 7 s of CPU;
// see BENCHMARKS.md, "Test suite".
const serveParallel = 8

func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", strconv.Itoa(serveParallel))
	}
	os.Exit(m.Run())
}
