package main

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// Config is one load run. The zero value is not usable; start from
// defaultConfig.
type Config struct {
	Addr string // host:port[,host:port...]; each must be a loopback address
	// PresenterKey, when set, measures a briefing instead (follow.go): one
	// presenter session with this key leads the N sessions, which follow.
	PresenterKey string
	N            int           // concurrent sessions
	Keys         int           // measured j/k presses per session
	Interval     time.Duration // pause between two measured presses of one session
	Width        int           // PTY columns
	Height       int           // PTY rows
	Term         string        // TERM sent in the pty-req
	User         string        // SSH user name
	KeyFile      string        // private key; "" tries "none" auth (an --open server)
	Ready        string        // substring that marks the first frame as drawn
	Warmup       time.Duration // idle time after the barrier, before any key
	Timeout      time.Duration // hard bound of the whole run
	Ramp         time.Duration // session i starts at i*Ramp/N
	// SourceIPs > 0 binds session i to 127.0.0.(1 + i%SourceIPs), so that a
	// per-IP connection limit sees several viewers, as a briefing would.
	SourceIPs int
	Quiet     time.Duration // a gap this long ends a burst of output
	KeyWait   time.Duration // how long to wait for the first byte after a key

	RepaintKeys []string // keys pressed in turn to measure full repaints
	Repaints    int      // repaint samples per session
	MoveSetup   string   // key pressed (not measured) before the j/k presses
	MoveKeys    []string // keys pressed in turn for the measured presses

	// Burst, when set, replaces the repaints and the moves: each key is
	// sent to every session at the same instant, one round per key, the
	// next round BurstPause after every session got its answer.
	Burst      []string
	BurstPause time.Duration

	AnswerQueries bool   // answer OSC 11 / DA1 queries like a real terminal
	ServerPID     int    // read /proc/PID/status VmRSS; 0: skip
	Dump          string // write session 0's raw output to this file
	Samples       string // write every measured key as a CSV row to this file
	DebugURL      string // a Go server's pprof base URL (loopback); "": skip
	Seed          uint64
}

func defaultConfig() Config {
	return Config{
		Addr:          "127.0.0.1:23234",
		N:             10,
		Keys:          20,
		Interval:      250 * time.Millisecond,
		Width:         120,
		Height:        40,
		Term:          "xterm-256color",
		User:          "sshload",
		Ready:         "Overview",
		Warmup:        500 * time.Millisecond,
		Timeout:       2 * time.Minute,
		Quiet:         5 * time.Millisecond,
		KeyWait:       3 * time.Second,
		RepaintKeys:   []string{"3", "1"},
		Repaints:      4,
		MoveSetup:     "3",
		MoveKeys:      []string{"j", "k"},
		BurstPause:    500 * time.Millisecond,
		AnswerQueries: true,
		Seed:          1,
	}
}

// Bounds keep every run finite and small enough for a shared machine.
const (
	maxSessions = 5000
	maxKeys     = 100000
	maxTimeout  = 30 * time.Minute
)

func (c *Config) validate() error {
	var errs []error
	if c.N < 1 || c.N > maxSessions {
		errs = append(errs, fmt.Errorf("--n %d: want 1..%d", c.N, maxSessions))
	}
	if c.Keys < 0 || c.Keys > maxKeys {
		errs = append(errs, fmt.Errorf("--keys %d: want 0..%d", c.Keys, maxKeys))
	}
	if c.Timeout <= 0 || c.Timeout > maxTimeout {
		errs = append(errs, fmt.Errorf("--timeout %s: want >0 and <= %s", c.Timeout, maxTimeout))
	}
	if c.Interval < 0 || c.Warmup < 0 || c.Ramp < 0 {
		errs = append(errs, errors.New("--interval, --warmup and --ramp must not be negative"))
	}
	if c.Quiet <= 0 || c.KeyWait <= 0 {
		errs = append(errs, errors.New("--quiet and --key-wait must be positive"))
	}
	if c.Width < 1 || c.Height < 1 {
		errs = append(errs, fmt.Errorf("--size %dx%d: want positive columns and rows", c.Width, c.Height))
	}
	if c.Ready == "" {
		errs = append(errs, errors.New("--ready must not be empty: it is how the first frame is detected"))
	}
	if c.Keys > 0 && len(c.MoveKeys) == 0 {
		errs = append(errs, errors.New("--move-keys is empty but --keys > 0"))
	}
	if c.Repaints > 0 && len(c.RepaintKeys) == 0 {
		errs = append(errs, errors.New("--repaint-keys is empty but --repaints > 0"))
	}
	if len(c.Burst) > maxKeys || c.BurstPause < 0 {
		errs = append(errs, fmt.Errorf("--burst: at most %d keys, and --burst-pause must not be negative", maxKeys))
	}
	if c.Repaints < 0 || c.Repaints > maxKeys {
		errs = append(errs, fmt.Errorf("--repaints %d: want 0..%d", c.Repaints, maxKeys))
	}
	addrs, err := c.addrs()
	if err != nil {
		errs = append(errs, err)
	}
	v4 := true
	for _, a := range addrs {
		v4 = v4 && strings.HasPrefix(a, "127.")
	}
	if c.DebugURL != "" {
		if err := checkDebugURL(c.DebugURL); err != nil {
			errs = append(errs, err)
		}
	}
	if c.SourceIPs < 0 || c.SourceIPs > 254 {
		errs = append(errs, fmt.Errorf("--source-ips %d: want 0..254", c.SourceIPs))
	}
	if c.SourceIPs > 0 && err == nil && !v4 {
		errs = append(errs, errors.New("--source-ips needs an IPv4 loopback --addr (127.x.x.x)"))
	}
	return errors.Join(errs...)
}

// addrs are the --addr list (comma-separated), each checked by
// loopbackAddr: session i connects to addrs[i%len(addrs)].
func (c *Config) addrs() ([]string, error) {
	var out []string
	for _, a := range strings.Split(c.Addr, ",") {
		a, err := loopbackAddr(strings.TrimSpace(a))
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// loopbackAddr returns addr with its host replaced by a loopback IP literal,
// or an error if the host is anything but loopback. Load traffic must never
// leave the machine, so names other than "localhost" are not resolved.
func loopbackAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("--addr %q: %w (want 127.0.0.1:PORT or [::1]:PORT)", addr, err)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return "", fmt.Errorf("--addr %q: bad port", addr)
	}
	if strings.EqualFold(host, "localhost") {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("--addr %q: refusing a non-loopback target; sshload only loads 127.0.0.1 or ::1", addr)
	}
	return net.JoinHostPort(ip.String(), port), nil
}

// sourceIP is the local address of session i, or nil for the default.
func (c *Config) sourceIP(i int) net.Addr {
	if c.SourceIPs <= 0 {
		return nil
	}
	return &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(1+i%c.SourceIPs))}
}

// parseSize reads "COLSxROWS".
func parseSize(s string) (w, h int, err error) {
	a, b, ok := strings.Cut(strings.ToLower(s), "x")
	if !ok {
		return 0, 0, fmt.Errorf("--size %q: want COLSxROWS, e.g. 120x40", s)
	}
	w, err1 := strconv.Atoi(a)
	h, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || w < 1 || h < 1 || w > 1000 || h > 1000 {
		return 0, 0, fmt.Errorf("--size %q: want COLSxROWS with 1..1000 each", s)
	}
	return w, h, nil
}

// splitKeys reads a comma-separated key list; the names "up", "down",
// "enter", "tab" and "esc" stand for their escape sequences.
func splitKeys(s string) []string {
	var keys []string
	for _, k := range strings.Split(s, ",") {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		keys = append(keys, keyBytes(k))
	}
	return keys
}

func keyBytes(name string) string {
	switch strings.ToLower(name) {
	case "up":
		return "\x1b[A"
	case "down":
		return "\x1b[B"
	case "enter":
		return "\r"
	case "tab":
		return "\t"
	case "esc":
		return "\x1b"
	}
	return name
}
