package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// Report is the outcome of a run: the raw per-session results and the
// server's memory at the three points where it was read.
type Report struct {
	Config   Config
	Sessions []sessionResult
	Started  time.Time
	// AllReady is when the last session drew its first frame (or failed).
	AllReady time.Time
	Finished time.Time
	RSS      rssSamples
	Go       goSamples
	// This process's own CPU time over the run: the tool shares the
	// machine with the server, and its share is part of every latency.
	SelfCPU time.Duration
}

// goSamples are read from --debug-url; AfterClose is read a settle time
// after the last connection closed, to see whether sessions are released.
type goSamples struct {
	Before, AfterReady, AfterKeys, AfterClose goStats
	Err                                       string
}

func (g *goSamples) read(ctx context.Context, url string, into *goStats) {
	if url == "" || g.Err != "" {
		return
	}
	st, err := readGoStats(ctx, url)
	if err != nil {
		g.Err = err.Error()
		return
	}
	*into = st
}

// closeSettle is how long after the last close the server's goroutines are
// counted again.
const closeSettle = 2 * time.Second

type rssSamples struct {
	Before, AfterReady, AfterKeys int64 // KiB; 0 when not read
	// Server CPU time (user+system) used by then.
	CPUBefore, CPUReady, CPUKeys time.Duration
	Err                          string
}

// sample reads memory and CPU time of the server; a failure is kept, not
// fatal, once the run has started.
func (r *rssSamples) sample(pid int, rss *int64, cpu *time.Duration) {
	if pid <= 0 || r.Err != "" {
		return
	}
	var err error
	if *rss, err = readRSS(pid); err == nil {
		*cpu, err = readCPU(pid)
	}
	if err != nil {
		r.Err = err.Error()
	}
}

func authMethods(keyFile string) ([]ssh.AuthMethod, error) {
	if keyFile == "" {
		// No method: x/crypto/ssh then tries only "none", which an --open
		// server accepts.
		return nil, nil
	}
	pem, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("read --key-file: %w", err)
	}
	signer, err := ssh.ParsePrivateKey(pem)
	if err != nil {
		return nil, fmt.Errorf("parse --key-file %s: %w (an unencrypted OpenSSH or PEM key is needed)", keyFile, err)
	}
	return []ssh.AuthMethod{ssh.PublicKeys(signer)}, nil
}

// run opens cfg.N sessions, waits until every one has drawn its first frame
// or failed (the barrier), reads the server's memory, then lets every
// session measure repaints and key presses. It always returns within
// cfg.Timeout plus the time to close the connections.
func run(parent context.Context, cfg Config) (*Report, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	addrs, _ := cfg.addrs()
	auth, err := authMethods(cfg.KeyFile)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(parent, cfg.Timeout)
	defer cancel()

	rep := &Report{Config: cfg, Started: time.Now()}
	selfStart, _ := readCPU(os.Getpid())
	if cfg.ServerPID > 0 {
		if _, err := readRSS(cfg.ServerPID); err != nil {
			return nil, fmt.Errorf("--server-pid: %w", err)
		}
		rep.RSS.sample(cfg.ServerPID, &rep.RSS.Before, &rep.RSS.CPUBefore)
	}

	rep.Go.read(parent, cfg.DebugURL, &rep.Go.Before)

	sessions := make([]*session, cfg.N)
	var connected sync.WaitGroup // the barrier: every session ready or failed
	release := make(chan struct{})
	// Burst mode: round r starts when rounds[r] is closed; every session
	// acknowledges each round once on acks (a session that failed or
	// ended early acknowledges the rounds it did not run).
	rounds := make([]chan struct{}, len(cfg.Burst))
	for r := range rounds {
		rounds[r] = make(chan struct{})
	}
	acks := make(chan struct{}, cfg.N*len(cfg.Burst))
	var done sync.WaitGroup
	connected.Add(cfg.N)
	done.Add(cfg.N)
	for i := range cfg.N {
		s := &session{cfg: &cfg, id: i}
		s.res.ID = i
		sessions[i] = s
		var delay time.Duration
		if cfg.N > 1 {
			delay = cfg.Ramp * time.Duration(i) / time.Duration(cfg.N)
		}
		go func() {
			defer done.Done()
			acked := 0
			defer func() {
				for ; acked < len(rounds); acked++ {
					acks <- struct{}{}
				}
			}()
			s.rounds, s.ack = rounds, func() { acks <- struct{}{}; acked++ }
			ok := false
			if sleepCtx(ctx, delay) {
				ok = s.connect(ctx, addrs[i%len(addrs)], auth)
			} else {
				s.fail("ramp", ctx.Err())
			}
			connected.Done()
			if !ok {
				return
			}
			select {
			case <-release:
			case <-ctx.Done():
				s.fail("barrier", ctx.Err())
				return
			}
			s.measure(ctx, rand.New(rand.NewPCG(cfg.Seed, uint64(i))))
		}()
	}
	connected.Wait()
	rep.AllReady = time.Now()
	rep.RSS.sample(cfg.ServerPID, &rep.RSS.AfterReady, &rep.RSS.CPUReady)
	rep.Go.read(parent, cfg.DebugURL, &rep.Go.AfterReady)
	close(release)
	if len(rounds) > 0 {
		runRounds(ctx, cfg, rounds, acks)
	}
	done.Wait()
	rep.Finished = time.Now()
	if selfEnd, err := readCPU(os.Getpid()); err == nil {
		rep.SelfCPU = selfEnd - selfStart
	}
	rep.RSS.sample(cfg.ServerPID, &rep.RSS.AfterKeys, &rep.RSS.CPUKeys)
	// The connections are still open here, so the readings after the keys
	// still count every session.
	rep.Go.read(parent, cfg.DebugURL, &rep.Go.AfterKeys)
	for _, s := range sessions {
		s.close()
	}
	if cfg.DebugURL != "" && sleepCtx(parent, closeSettle) {
		rep.Go.read(parent, cfg.DebugURL, &rep.Go.AfterClose)
	}
	for _, s := range sessions {
		rep.Sessions = append(rep.Sessions, s.res)
	}
	return rep, nil
}

// measure runs the phases after the barrier: warmup (idle output counted),
// full repaints, the setup key, then the measured moves.
func (s *session) measure(ctx context.Context, rng *rand.Rand) {
	cfg := s.cfg
	if err := s.drain(); err != nil {
		s.fail("warmup", fmt.Errorf("output ended: %w", err))
		return
	}
	s.res.Stray = 0 // the tail of the first frame is not stray output
	w0 := time.Now()
	if !sleepCtx(ctx, cfg.Warmup) {
		s.fail("warmup", ctx.Err())
		return
	}
	if err := s.drain(); err != nil {
		s.fail("warmup", fmt.Errorf("output ended: %w", err))
		return
	}
	s.res.IdleBytes, s.res.Stray = s.res.Stray, 0
	s.res.IdleFor = time.Since(w0)

	if len(cfg.Burst) > 0 {
		s.burst(ctx)
		return
	}
	// Spread the sessions over one interval so their keys do not arrive in
	// lockstep.
	if cfg.Interval > 0 && !sleepCtx(ctx, time.Duration(rng.Int64N(int64(cfg.Interval)))) {
		s.fail("keys", ctx.Err())
		return
	}
	for i := range cfg.Repaints {
		b, ok, err := s.press(ctx, cfg.RepaintKeys[i%len(cfg.RepaintKeys)])
		if err != nil {
			s.fail("repaint", err)
			return
		}
		if !ok {
			s.res.NoReply++
			continue
		}
		s.res.Repaints = append(s.res.Repaints, b)
		if !sleepCtx(ctx, cfg.Interval) {
			s.fail("repaint", ctx.Err())
			return
		}
	}
	if cfg.MoveSetup != "" {
		if _, _, err := s.press(ctx, cfg.MoveSetup); err != nil {
			s.fail("setup", err)
			return
		}
		if !sleepCtx(ctx, cfg.Interval) {
			s.fail("setup", ctx.Err())
			return
		}
	}
	s.res.KeysFrom = time.Now()
	next := time.Now()
	for i := range cfg.Keys {
		if !sleepCtx(ctx, time.Until(next)) {
			s.fail("keys", ctx.Err())
			return
		}
		next = time.Now().Add(cfg.Interval)
		b, ok, err := s.press(ctx, cfg.MoveKeys[i%len(cfg.MoveKeys)])
		if err != nil {
			s.fail("keys", err)
			return
		}
		if !ok {
			s.res.NoReply++
			continue
		}
		s.res.Moves = append(s.res.Moves, b)
	}
	s.res.KeysTo = time.Now()
	_ = s.drain()
}

// runRounds starts each burst round at one instant for every session, once
// every session has answered the round before and BurstPause has passed
// (the first round after the warmup).
func runRounds(ctx context.Context, cfg Config, rounds []chan struct{}, acks <-chan struct{}) {
	if !sleepCtx(ctx, cfg.Warmup+cfg.BurstPause) {
		return
	}
	for _, r := range rounds {
		close(r)
		for range cfg.N {
			select {
			case <-acks:
			case <-ctx.Done():
				return
			}
		}
		if !sleepCtx(ctx, cfg.BurstPause) {
			return
		}
	}
}

// burst presses the burst keys, each when its round starts (Config.Burst).
func (s *session) burst(ctx context.Context) {
	s.res.KeysFrom = time.Now()
	for r, key := range s.cfg.Burst {
		select {
		case <-s.rounds[r]:
		case <-ctx.Done():
			s.fail("burst", ctx.Err())
			return
		}
		b, ok, err := s.press(ctx, key)
		if err != nil {
			s.fail("burst", err)
			return
		}
		if ok {
			s.res.Moves = append(s.res.Moves, b)
		} else {
			s.res.NoReply++
		}
		s.ack()
	}
	s.res.KeysTo = time.Now()
	_ = s.drain()
}

// sleepCtx sleeps d, or returns false as soon as ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
