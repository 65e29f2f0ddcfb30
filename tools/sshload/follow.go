package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// A briefing (--presenter-key): the --n sessions connect first (spread
// over the --addr list) and follow; then one presenter session connects
// with the key at the first address. After --warmup the presenter presses
// the --move-keys in turn, --keys times, one every --interval; for each
// key every follower's answer is measured as a burst (the first byte
// after the key, then every byte until --quiet without output): the
// latency is from the presenter's key to the last byte of the follower's
// new frame, i.e. until the viewer sees the presenter's screen. The next
// key waits until every follower answered (or --key-wait passed).

// FollowSummary is the result of a briefing run.
type FollowSummary struct {
	Addrs      []string  `json:"addrs"`
	Followers  int       `json:"followers"`
	Failed     int       `json:"failed"`
	Moves      int       `json:"moves"`
	Samples    int       `json:"samples"` // follower frames measured
	NoReply    int       `json:"no_reply"`
	P50MS      float64   `json:"p50_ms"`
	P90MS      float64   `json:"p90_ms"`
	P99MS      float64   `json:"p99_ms"`
	MaxMS      float64   `json:"max_ms"`
	AllP50MS   float64   `json:"all_p50_ms"` // per move: the slowest follower
	AllMaxMS   float64   `json:"all_max_ms"`
	PerAddrP99 []float64 `json:"per_addr_p99_ms"`
	FirstError string    `json:"first_error,omitempty"`
}

func followCLI(ctx context.Context, cfg Config, asJSON bool, stdout, stderr io.Writer) int {
	sum, err := runFollow(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "sshload:", err)
		return 1
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(sum)
	} else {
		_, err = fmt.Fprintf(stdout, "targets        %v\nfollowers      %d (%d failed)\nmoves          %d, %d follower frames, %d without reply\n"+
			"key -> frame   p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms\nslowest/move   p50 %.1f ms  max %.1f ms\np99 per target %v ms\n",
			sum.Addrs, sum.Followers, sum.Failed, sum.Moves, sum.Samples, sum.NoReply,
			sum.P50MS, sum.P90MS, sum.P99MS, sum.MaxMS, sum.AllP50MS, sum.AllMaxMS, sum.PerAddrP99)
		if sum.FirstError != "" {
			fmt.Fprintln(stdout, "first error   ", sum.FirstError)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "sshload:", err)
		return 1
	}
	if sum.Failed > 0 {
		fmt.Fprintf(stderr, "sshload: %d of %d followers failed\n", sum.Failed, sum.Followers)
		return 1
	}
	return 0
}

func runFollow(parent context.Context, cfg Config) (*FollowSummary, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	addrs, _ := cfg.addrs()
	presAuth, err := authMethods(cfg.PresenterKey)
	if err != nil {
		return nil, fmt.Errorf("--presenter-key: %w", err)
	}
	// Followers: "none", then keyboard-interactive with no answers (an
	// --open server with presenter keys asks no questions).
	viewerAuth := []ssh.AuthMethod{ssh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	if cfg.KeyFile != "" {
		if viewerAuth, err = authMethods(cfg.KeyFile); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithTimeout(parent, cfg.Timeout)
	defer cancel()

	followers := make([]*session, cfg.N)
	var wg sync.WaitGroup
	for i := range cfg.N {
		s := &session{cfg: &cfg, id: i}
		s.res.ID = i
		followers[i] = s
		delay := time.Duration(0)
		if cfg.N > 1 {
			delay = cfg.Ramp * time.Duration(i) / time.Duration(cfg.N)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if sleepCtx(ctx, delay) {
				s.connect(ctx, addrs[i%len(addrs)], viewerAuth)
			}
		}()
	}
	wg.Wait()
	defer func() {
		for _, s := range followers {
			s.close()
		}
	}()
	pres := &session{cfg: &cfg, id: cfg.N}
	if !pres.connect(ctx, addrs[0], presAuth) {
		return nil, fmt.Errorf("presenter: %s: %v", pres.res.Phase, pres.res.Err)
	}
	defer pres.close()

	sum := &FollowSummary{Addrs: addrs, Followers: cfg.N}
	live := followers[:0:0]
	for _, s := range followers {
		if s.res.Err != nil {
			sum.Failed++
			if sum.FirstError == "" {
				sum.FirstError = fmt.Sprintf("%s: %v", s.res.Phase, s.res.Err)
			}
			continue
		}
		live = append(live, s)
	}
	if !sleepCtx(ctx, cfg.Warmup) {
		return nil, ctx.Err()
	}
	var all, slowest []float64
	perAddr := make([][]float64, len(addrs))
	for k := range cfg.Keys {
		key := cfg.MoveKeys[k%len(cfg.MoveKeys)]
		for _, s := range live {
			_ = s.drain()
		}
		_ = pres.drain()
		start := time.Now()
		if err := pres.write(key); err != nil {
			return nil, fmt.Errorf("presenter: send key: %w", err)
		}
		lat := make([]time.Duration, len(live))
		ok := make([]bool, len(live))
		var mw sync.WaitGroup
		for i, s := range live {
			mw.Add(1)
			go func() {
				defer mw.Done()
				b, got, _ := s.await(ctx, start)
				lat[i], ok[i] = b.last, got
			}()
		}
		mw.Wait()
		sum.Moves++
		worst := 0.0
		for i, s := range live {
			if !ok[i] {
				sum.NoReply++
				continue
			}
			ms := float64(lat[i].Microseconds()) / 1000
			all = append(all, ms)
			perAddr[s.id%len(addrs)] = append(perAddr[s.id%len(addrs)], ms)
			worst = max(worst, ms)
		}
		slowest = append(slowest, worst)
		if rest := cfg.Interval - time.Since(start); rest > 0 && !sleepCtx(ctx, rest) {
			break
		}
	}
	sum.Samples = len(all)
	sum.P50MS, sum.P90MS, sum.P99MS, sum.MaxMS = pct(all, 50), pct(all, 90), pct(all, 99), pct(all, 100)
	sum.AllP50MS, sum.AllMaxMS = pct(slowest, 50), pct(slowest, 100)
	for _, a := range perAddr {
		sum.PerAddrP99 = append(sum.PerAddrP99, pct(a, 99))
	}
	return sum, nil
}

// pct is the p-th percentile (nearest rank) of v, 0 when empty.
func pct(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.999999) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// await measures the burst of output that follows sent: the first byte
// after it, then every byte until no byte came for cfg.Quiet; ok is false
// when no byte came within cfg.KeyWait. press waits so for its own key, a
// follower for the presenter's.
func (s *session) await(ctx context.Context, sent time.Time) (b burst, ok bool, err error) {
	deadline := time.NewTimer(s.cfg.KeyWait)
	defer deadline.Stop()
	var last time.Time
	for {
		chunks, serr := s.out.take()
		for _, c := range chunks {
			if c.at.Before(sent) {
				continue
			}
			if b.bytes == 0 {
				b.first = c.at.Sub(sent)
			}
			b.bytes += int64(c.n)
			last = c.at
		}
		if serr != nil {
			return b, b.bytes > 0, fmt.Errorf("output ended: %w", serr)
		}
		if b.bytes > 0 {
			wait := s.cfg.Quiet - time.Since(last)
			if wait <= 0 {
				b.last = last.Sub(sent)
				return b, true, nil
			}
			t := time.NewTimer(wait)
			select {
			case <-s.out.notify:
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return b, true, ctx.Err()
			}
			t.Stop()
			continue
		}
		select {
		case <-s.out.notify:
		case <-deadline.C:
			return b, false, nil
		case <-ctx.Done():
			return b, false, ctx.Err()
		}
	}
}
