// Command gendata writes a large, valid eaeu-indicators/1 file for
// benchmarks: many indicators, one series per entity, monthly points.
//
//	go run ./tools/gendata -size 100MB -o /tmp/big.json
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/eaeu-dash/eaeu-dash/tools/gendata/gen"
)

func main() {
	size := flag.String("size", "10MB", "approximate size of the file: bytes, or a number with KB, MB or GB")
	out := flag.String("o", "-", "output file (- for stdout)")
	seed := flag.Uint64("seed", 1, "random seed (the same seed writes the same file)")
	flag.Parse()
	n, err := parseSize(*size)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(2)
	}
	var w io.Writer = os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gendata:", err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	if err := gen.Generate(w, n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	u := strings.ToUpper(strings.TrimSpace(s))
	for _, m := range []struct {
		suffix string
		mult   int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(u, m.suffix) {
			u, mult = strings.TrimSuffix(u, m.suffix), m.mult
			break
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(u), 64)
	if err != nil || v <= 0 {
		return 0, errors.New("bad -size " + strconv.Quote(s) + " (want e.g. 100MB)")
	}
	return int64(v * float64(mult)), nil
}
