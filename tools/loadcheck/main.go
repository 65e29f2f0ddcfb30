// Command loadcheck loads data files with the dashboard's loader and exits:
// 0 when they are valid, 1 with the problems on stderr. It exists to
// measure the loader (time, peak memory with /usr/bin/time -v).
//
//	go run ./tools/loadcheck FILE_OR_DIR...
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/eaeu-dash/eaeu-dash/data"
)

func main() {
	quiet := flag.Bool("q", false, "print nothing on success")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the load to this file")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: loadcheck [-q] FILE_OR_DIR...")
		os.Exit(2)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	start := time.Now()
	ds, err := data.Load(flag.Args(), data.Options{})
	elapsed := time.Since(start)
	if *cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		var errs data.Errors
		if errors.As(err, &errs) {
			fmt.Fprintf(os.Stderr, "%d problems\n", len(errs))
		}
		os.Exit(1)
	}
	if !*quiet {
		var size int64
		for _, f := range ds.Files {
			if st, err := os.Stat(f); err == nil {
				size += st.Size()
			}
		}
		fmt.Printf("%s\nloaded %d bytes in %v (%.0f MB/s)\n", ds.Summary(), size, elapsed.Round(time.Millisecond), float64(size)/1e6/elapsed.Seconds())
	}
}
