// Command sshload opens many concurrent PTY sessions against the dashboard's
// SSH server on this machine and measures what a viewer feels: time to the
// first frame, keypress-to-frame latency, and the bytes each key costs.
//
// It only ever connects to a loopback address, and every run is bounded by
// --n, --keys and --timeout.
//
// Method. Each session dials, requests a PTY (TERM, --size) and a shell, and
// answers the terminal queries (OSC 11, DA1) that wish sends before drawing,
// as a real terminal would. The first frame is drawn when the output contains
// --ready. When every session has drawn or failed (a barrier), each session
// waits --warmup (counting idle output), presses the --repaint-keys in turn
// (full repaints: view switches), presses --move-setup, then presses the
// --move-keys in turn, --keys times, one every --interval. For each key it
// records the time from the write to the first output byte read, and to the
// last byte of the burst, a burst ending at the first gap of --quiet without
// output; the bytes of the burst are the cost of the key. Output that arrives
// between measured keys is counted as stray, not attributed to a key.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	os.Exit(cli(os.Args[1:], os.Stdout, os.Stderr))
}

func cli(args []string, stdout, stderr io.Writer) int {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("sshload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "server `host:port`, or several comma-separated (session i connects to the i-th mod their number); loopback only (127.0.0.1, ::1, localhost)")
	fs.StringVar(&cfg.PresenterKey, "presenter-key", "", "measure a briefing: a presenter session with this private key `file` (at the first --addr) presses the --move-keys, and the --n sessions follow; reports each follower's time from the presenter's key to its new frame")
	fs.IntVar(&cfg.N, "n", cfg.N, "concurrent sessions")
	fs.IntVar(&cfg.Keys, "keys", cfg.Keys, "measured move keys per session")
	fs.DurationVar(&cfg.Interval, "interval", cfg.Interval, "pause between the starts of two keys of one session")
	size := fs.String("size", fmt.Sprintf("%dx%d", cfg.Width, cfg.Height), "PTY size `COLSxROWS`")
	fs.StringVar(&cfg.Term, "term", cfg.Term, "TERM of the PTY")
	fs.StringVar(&cfg.User, "user", cfg.User, "SSH user name")
	fs.StringVar(&cfg.KeyFile, "key-file", "", "private key `file`; empty tries \"none\" auth (a server run with --open)")
	fs.StringVar(&cfg.Ready, "ready", cfg.Ready, "`text` whose appearance in the output marks the first frame")
	fs.DurationVar(&cfg.Warmup, "warmup", cfg.Warmup, "idle time after all sessions are ready, before the first key")
	fs.DurationVar(&cfg.Timeout, "timeout", cfg.Timeout, "hard bound of the whole run")
	fs.DurationVar(&cfg.Ramp, "ramp", cfg.Ramp, "spread the connection starts over this long (the server rate-limits per IP)")
	fs.IntVar(&cfg.SourceIPs, "source-ips", 0, "spread sessions over `K` source addresses 127.0.0.1..127.0.0.K (a per-IP limit then sees K viewers); 0: the system's choice")
	fs.DurationVar(&cfg.Quiet, "quiet", cfg.Quiet, "a gap without output this long ends the burst that answers a key")
	fs.DurationVar(&cfg.KeyWait, "key-wait", cfg.KeyWait, "a key without a byte of answer within this long counts as no reply")
	repaint := fs.String("repaint-keys", "3,1", "comma-separated keys pressed in turn to measure full repaints (view switches)")
	fs.IntVar(&cfg.Repaints, "repaints", cfg.Repaints, "repaint samples per session")
	fs.StringVar(&cfg.MoveSetup, "move-setup", cfg.MoveSetup, "key pressed before the move keys (the table view); empty: none")
	moves := fs.String("move-keys", "j,k", "comma-separated keys pressed in turn and measured (up, down, enter, tab, esc are names)")
	burst := fs.String("burst", "", "comma-separated keys, each sent to every session at the same instant (one round per key), instead of the repaints and moves; e.g. j,j,k,tab,tab")
	fs.DurationVar(&cfg.BurstPause, "burst-pause", cfg.BurstPause, "pause after every session got the answer to a --burst round, before the next")
	fs.BoolVar(&cfg.AnswerQueries, "answer-queries", cfg.AnswerQueries, "answer OSC 11 and DA1 queries like a terminal")
	fs.IntVar(&cfg.ServerPID, "server-pid", 0, "`pid` of the server on this machine: report its VmRSS per session")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the per-session start offsets")
	fs.StringVar(&cfg.DebugURL, "debug-url", "", "`URL` of the server's net/http/pprof (loopback), e.g. http://127.0.0.1:6069: report live heap and goroutines per session")
	fs.StringVar(&cfg.Samples, "samples", "", "write every measured key (session, phase, key, ms, bytes) as CSV to `file`")
	fs.StringVar(&cfg.Dump, "dump", "", "write the raw output of session 0 to `file` (to see what the screen sent)")
	asJSON := fs.Bool("json", false, "print the summary as JSON instead of a table")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sshload: unexpected arguments %q\n", fs.Args())
		return 2
	}
	var err error
	if cfg.Width, cfg.Height, err = parseSize(*size); err != nil {
		fmt.Fprintln(stderr, "sshload:", err)
		return 2
	}
	cfg.RepaintKeys, cfg.MoveKeys = splitKeys(*repaint), splitKeys(*moves)
	if *burst != "" {
		cfg.Burst = splitKeys(*burst)
	}
	cfg.MoveSetup = keyBytes(cfg.MoveSetup)
	if err := cfg.validate(); err != nil {
		fmt.Fprintln(stderr, "sshload:", err)
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.PresenterKey != "" {
		return followCLI(ctx, cfg, *asJSON, stdout, stderr)
	}
	rep, err := run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "sshload:", err)
		return 1
	}
	sum := summarize(rep)
	if cfg.Samples != "" {
		if err := writeSamples(cfg.Samples, rep); err != nil {
			fmt.Fprintln(stderr, "sshload:", err)
			return 1
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(sum)
	} else {
		err = writeTable(stdout, sum)
	}
	if err != nil {
		fmt.Fprintln(stderr, "sshload:", err)
		return 1
	}
	if sum.Failed > 0 {
		fmt.Fprintf(stderr, "sshload: %d of %d sessions failed\n", sum.Failed, sum.Requested)
		return 1
	}
	return 0
}
