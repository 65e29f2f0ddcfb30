// Command benchx measures the start-up cost of programs (BENCHMARKS.md,
// "Start-up"). It runs the commands interleaved, N rounds after 3 of
// warm-up, the order reversed every other round, and prints per command
// the median and minimum CPU (user+sys from wait4's rusage), the median
// minor page faults and wall time, and for each command after the first
// the median of its per-round CPU differences to the first ("paired": the
// two run back to back, so slow changes of the machine's load cancel).
//
//	go run ./tools/benchx -n 300 hello=/tmp/hello 'render=/tmp/e render --view overview --size 120x40'
//
// Arguments are LABEL=COMMAND, split on spaces (no quoting). Output goes
// to /dev/null.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"time"
)

func med(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}
func mn(v []float64) float64 { s := append([]float64(nil), v...); sort.Float64s(s); return s[0] }
func q(v []float64, p float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[int(p*float64(len(s)-1))]
}

func main() {
	n := flag.Int("n", 100, "rounds")
	flag.Parse()
	type cmd struct {
		label          string
		argv           []string
		cpu, wall, flt []float64
	}
	var cs []*cmd
	for _, a := range flag.Args() {
		l, c, _ := strings.Cut(a, "=")
		cs = append(cs, &cmd{label: l, argv: strings.Fields(c)})
	}
	if len(cs) == 0 {
		fmt.Fprintln(os.Stderr, "usage: benchx [-n ROUNDS] LABEL=COMMAND ...")
		os.Exit(2)
	}
	for _, c := range cs {
		if c.label == "" || len(c.argv) == 0 {
			fmt.Fprintf(os.Stderr, "benchx: %q: want LABEL=COMMAND\n", c.label)
			os.Exit(2)
		}
	}
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for i := 0; i < *n+3; i++ {
		order := append([]*cmd(nil), cs...)
		if i%2 == 1 { // alternate the order so that neither always runs first
			for l, r := 0, len(order)-1; l < r; l, r = l+1, r-1 {
				order[l], order[r] = order[r], order[l]
			}
		}
		for _, c := range order {
			x := exec.Command(c.argv[0], c.argv[1:]...)
			x.Stdout = devnull
			x.Stderr = devnull
			t := time.Now()
			if err := x.Run(); err != nil {
				fmt.Println(c.label, err)
				os.Exit(1)
			}
			w := time.Since(t)
			ru := x.ProcessState.SysUsage().(*syscall.Rusage)
			if i < 3 {
				continue // warm-up
			}
			cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			c.cpu = append(c.cpu, float64(cpu.Microseconds())/1000)
			c.wall = append(c.wall, float64(w.Microseconds())/1000)
			c.flt = append(c.flt, float64(ru.Minflt))
		}
	}
	// Paired: per round, each command's CPU minus the first command's in the
	// same round (they run back to back), so slow changes of load cancel.
	for _, c := range cs[1:] {
		d := make([]float64, len(c.cpu))
		for i := range d {
			d[i] = c.cpu[i] - cs[0].cpu[i]
		}
		s := append([]float64(nil), d...)
		sort.Float64s(s)
		n := len(s)
		fmt.Printf("%-14s minus %s, paired: median %+6.2f ms (IQR %+6.2f .. %+6.2f)\n", c.label, cs[0].label, s[n/2], s[n/4], s[3*n/4])
	}
	base := med(cs[0].cpu)
	for _, c := range cs {
		fmt.Printf("%-14s cpu median %6.2f ms (p25 %6.2f, min %6.2f; %.2fx first)  wall median %6.2f ms (min %6.2f)  faults %5.0f\n",
			c.label, med(c.cpu), q(c.cpu, 0.25), mn(c.cpu), med(c.cpu)/base, med(c.wall), mn(c.wall), med(c.flt))
	}
}
