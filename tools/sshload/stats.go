package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Dist summarises durations in milliseconds.
type Dist struct {
	Count int     `json:"count"`
	P50   float64 `json:"p50_ms"`
	P99   float64 `json:"p99_ms"`
	Max   float64 `json:"max_ms"`
	Mean  float64 `json:"mean_ms"`
}

// Bytes summarises byte counts.
type Bytes struct {
	Count int     `json:"count"`
	Mean  float64 `json:"mean"`
	P50   int64   `json:"p50"`
	Min   int64   `json:"min"`
	Max   int64   `json:"max"`
}

// Summary is what the tool prints.
type Summary struct {
	Addr      string   `json:"addr"`
	Size      string   `json:"size"`
	Requested int      `json:"sessions_requested"`
	Ready     int      `json:"sessions_ready"`
	Completed int      `json:"sessions_completed"`
	Failed    int      `json:"sessions_failed"`
	Errors    []string `json:"errors,omitempty"` // distinct, with counts

	Handshake    Dist    `json:"handshake"`
	FirstByte    Dist    `json:"connect_to_first_byte"`
	FirstFrame   Dist    `json:"connect_to_first_frame"`
	ConnectPhase float64 `json:"connect_phase_s"` // start -> last session ready

	KeyFirstByte Dist    `json:"key_to_first_byte"`
	KeyBurstEnd  Dist    `json:"key_to_burst_end"`
	NoReply      int     `json:"keys_without_reply"`
	KeyRate      float64 `json:"keys_per_s_all_sessions"`

	MoveBytes     Bytes   `json:"move_bytes"`
	RepaintBytes  Bytes   `json:"repaint_bytes"`
	MoveVsRepaint float64 `json:"move_vs_repaint"` // mean move / mean repaint

	IdleBytesPerSecond float64 `json:"idle_bytes_per_s_per_session"`
	StrayBytes         int64   `json:"stray_bytes_total"`

	RSSBeforeKiB     int64   `json:"rss_before_kib,omitempty"`
	RSSReadyKiB      int64   `json:"rss_after_ready_kib,omitempty"`
	RSSAfterKeysKiB  int64   `json:"rss_after_keys_kib,omitempty"`
	RSSPerSessionKiB float64 `json:"rss_per_session_kib,omitempty"`
	RSSError         string  `json:"rss_error,omitempty"`
	// Server CPU (user+system, 10 ms resolution): connect phase per ready
	// session; after the barrier (warmup, repaints, setup, moves) per key.
	CPUConnectPerSessionMs float64 `json:"server_cpu_connect_per_session_ms,omitempty"`
	CPUPerKeyMs            float64 `json:"server_cpu_per_key_ms,omitempty"`
	CPUKeysPhaseS          float64 `json:"server_cpu_after_barrier_s,omitempty"`
	KeysPhaseS             float64 `json:"after_barrier_wall_s,omitempty"`

	ToolCPUS  float64 `json:"load_tool_cpu_s"`
	ToolWallS float64 `json:"load_tool_wall_s"`

	Go                   *goSamples `json:"go,omitempty"`
	HeapPerSessionKiB    float64    `json:"live_heap_per_session_kib,omitempty"`
	GoroutinesPerSession float64    `json:"goroutines_per_session,omitempty"`
}

func dist(ds []time.Duration) Dist {
	if len(ds) == 0 {
		return Dist{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return Dist{
		Count: len(s),
		P50:   ms(percentile(s, 50)),
		P99:   ms(percentile(s, 99)),
		Max:   ms(s[len(s)-1]),
		Mean:  ms(sum / time.Duration(len(s))),
	}
}

// percentile is the nearest-rank percentile of a sorted slice.
func percentile[T any](sorted []T, p float64) T {
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }

func byteStats(bs []int64) Bytes {
	if len(bs) == 0 {
		return Bytes{}
	}
	s := slices.Clone(bs)
	slices.Sort(s)
	var sum int64
	for _, b := range s {
		sum += b
	}
	return Bytes{Count: len(s), Mean: float64(sum) / float64(len(s)),
		P50: percentile(s, 50), Min: s[0], Max: s[len(s)-1]}
}

func summarize(rep *Report) Summary {
	cfg := rep.Config
	sum := Summary{Addr: cfg.Addr, Size: fmt.Sprintf("%dx%d", cfg.Width, cfg.Height), Requested: cfg.N}
	var hs, fb, ff, kf, kl []time.Duration
	var moves, repaints []int64
	var idleBytes int64
	var idleFor time.Duration
	var keysFrom, keysTo time.Time
	errs := map[string]int{}
	for _, r := range rep.Sessions {
		if r.Ready > 0 {
			sum.Ready++
			hs = append(hs, r.Handshake)
			fb = append(fb, r.FirstByte)
			ff = append(ff, r.Ready)
			idleBytes += r.IdleBytes
			idleFor += r.IdleFor
		}
		if r.Err != nil {
			sum.Failed++
			errs[r.Phase+": "+r.Err.Error()]++
		} else {
			sum.Completed++
		}
		for _, b := range r.Moves {
			kf = append(kf, b.first)
			kl = append(kl, b.last)
			moves = append(moves, b.bytes)
		}
		for _, b := range r.Repaints {
			repaints = append(repaints, b.bytes)
		}
		sum.NoReply += r.NoReply
		sum.StrayBytes += r.Stray
		if !r.KeysFrom.IsZero() && (keysFrom.IsZero() || r.KeysFrom.Before(keysFrom)) {
			keysFrom = r.KeysFrom
		}
		if r.KeysTo.After(keysTo) {
			keysTo = r.KeysTo
		}
	}
	for e, n := range errs {
		sum.Errors = append(sum.Errors, fmt.Sprintf("%d× %s", n, e))
	}
	sort.Strings(sum.Errors)
	sum.Handshake, sum.FirstByte, sum.FirstFrame = dist(hs), dist(fb), dist(ff)
	sum.ConnectPhase = math.Round(rep.AllReady.Sub(rep.Started).Seconds()*1000) / 1000
	sum.KeyFirstByte, sum.KeyBurstEnd = dist(kf), dist(kl)
	if span := keysTo.Sub(keysFrom); span > 0 {
		sum.KeyRate = math.Round(float64(len(kf))/span.Seconds()*10) / 10
	}
	sum.MoveBytes, sum.RepaintBytes = byteStats(moves), byteStats(repaints)
	if sum.RepaintBytes.Mean > 0 {
		sum.MoveVsRepaint = math.Round(sum.MoveBytes.Mean/sum.RepaintBytes.Mean*10000) / 10000
	}
	if idleFor > 0 {
		sum.IdleBytesPerSecond = math.Round(float64(idleBytes)/idleFor.Seconds()*10) / 10
	}
	sum.RSSBeforeKiB, sum.RSSReadyKiB, sum.RSSAfterKeysKiB = rep.RSS.Before, rep.RSS.AfterReady, rep.RSS.AfterKeys
	sum.RSSError = rep.RSS.Err
	if rep.RSS.AfterReady > 0 && sum.Ready > 0 {
		sum.RSSPerSessionKiB = math.Round(float64(rep.RSS.AfterReady-rep.RSS.Before)/float64(sum.Ready)*10) / 10
	}
	sum.ToolCPUS = math.Round(rep.SelfCPU.Seconds()*100) / 100
	sum.ToolWallS = math.Round(rep.Finished.Sub(rep.Started).Seconds()*1000) / 1000
	if r := rep.RSS; r.Err == "" && cfg.ServerPID > 0 {
		keys := 0
		for _, ses := range rep.Sessions {
			keys += len(ses.Moves) + len(ses.Repaints)
		}
		if sum.Ready > 0 {
			sum.CPUConnectPerSessionMs = math.Round(ms(r.CPUReady-r.CPUBefore)/float64(sum.Ready)*100) / 100
		}
		if keys > 0 {
			sum.CPUPerKeyMs = math.Round(ms(r.CPUKeys-r.CPUReady)/float64(keys)*100) / 100
		}
		sum.CPUKeysPhaseS = (r.CPUKeys - r.CPUReady).Seconds()
		sum.KeysPhaseS = math.Round(rep.Finished.Sub(rep.AllReady).Seconds()*1000) / 1000
	}
	if cfg.DebugURL != "" {
		g := rep.Go
		sum.Go = &g
		if g.Err == "" && sum.Ready > 0 {
			n := float64(sum.Ready)
			sum.HeapPerSessionKiB = math.Round(float64(g.AfterReady.HeapAlloc-g.Before.HeapAlloc)/n*10) / 10
			sum.GoroutinesPerSession = math.Round(float64(g.AfterReady.Goroutines-g.Before.Goroutines)/n*10) / 10
		}
	}
	return sum
}

func (d Dist) String() string {
	if d.Count == 0 {
		return "-"
	}
	return fmt.Sprintf("p50 %.1f  p99 %.1f  max %.1f  mean %.1f ms  (n=%d)", d.P50, d.P99, d.Max, d.Mean, d.Count)
}

func (b Bytes) String() string {
	if b.Count == 0 {
		return "-"
	}
	return fmt.Sprintf("mean %.0f  p50 %d  min %d  max %d B  (n=%d)", b.Mean, b.P50, b.Min, b.Max, b.Count)
}

// writeTable prints the summary for a person.
func writeTable(w io.Writer, s Summary) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("target", s.Addr+"  pty "+s.Size)
	row("sessions", fmt.Sprintf("%d requested, %d drew the first frame, %d completed, %d failed",
		s.Requested, s.Ready, s.Completed, s.Failed))
	row("connect phase", fmt.Sprintf("%.3f s (start -> last session ready or failed)", s.ConnectPhase))
	row("ssh handshake", s.Handshake.String())
	row("connect -> first byte", s.FirstByte.String())
	row("connect -> first frame", s.FirstFrame.String())
	row("key -> first byte", s.KeyFirstByte.String())
	row("key -> end of burst", s.KeyBurstEnd.String())
	row("keys without reply", fmt.Sprint(s.NoReply))
	row("key rate (all sessions)", fmt.Sprintf("%.1f keys/s", s.KeyRate))
	row("bytes per move key", s.MoveBytes.String())
	row("bytes per full repaint", s.RepaintBytes.String())
	ratio := "-"
	if s.RepaintBytes.Count > 0 && s.MoveBytes.Count > 0 {
		ratio = fmt.Sprintf("%.2f%%", s.MoveVsRepaint*100)
	}
	row("move / repaint", ratio)
	row("idle output", fmt.Sprintf("%.1f B/s per session (warmup, no keys)", s.IdleBytesPerSecond))
	row("stray output", fmt.Sprintf("%d B (between measured keys)", s.StrayBytes))
	row("load tool itself", fmt.Sprintf("%.2f s CPU in %.2f s wall (same machine as the server)", s.ToolCPUS, s.ToolWallS))
	if s.RSSBeforeKiB > 0 || s.RSSError != "" {
		row("server VmRSS", fmt.Sprintf("before %d KiB, all ready %d KiB, after keys %d KiB",
			s.RSSBeforeKiB, s.RSSReadyKiB, s.RSSAfterKeysKiB))
		if s.RSSPerSessionKiB != 0 {
			row("server RSS per session", fmt.Sprintf("%.1f KiB ((all ready - before) / %d ready)", s.RSSPerSessionKiB, s.Ready))
		}
		if s.RSSError != "" {
			row("server RSS error", s.RSSError)
		} else {
			row("server CPU", fmt.Sprintf("%.2f ms per session to connect; after the barrier %.2f s CPU in %.2f s wall = %.2f ms per measured key (warmup idle included)",
				s.CPUConnectPerSessionMs, s.CPUKeysPhaseS, s.KeysPhaseS, s.CPUPerKeyMs))
		}
	}
	if g := s.Go; g != nil {
		row("server live heap (gc'd)", fmt.Sprintf("before %d KiB, all ready %d KiB, after keys %d KiB, %s after close %d KiB",
			g.Before.HeapAlloc, g.AfterReady.HeapAlloc, g.AfterKeys.HeapAlloc, closeSettle, g.AfterClose.HeapAlloc))
		row("server goroutines", fmt.Sprintf("before %d, all ready %d, after keys %d, %s after close %d",
			g.Before.Goroutines, g.AfterReady.Goroutines, g.AfterKeys.Goroutines, closeSettle, g.AfterClose.Goroutines))
		if g.Err == "" {
			row("server per session", fmt.Sprintf("%.1f KiB live heap, %.1f goroutines", s.HeapPerSessionKiB, s.GoroutinesPerSession))
		} else {
			row("server debug error", g.Err)
		}
	}
	for _, e := range s.Errors {
		row("error", truncate(e, 300))
	}
	return tw.Flush()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// writeSamples writes one CSV row per measured key, for a closer look at a
// distribution than p50/p99 give.
func writeSamples(path string, rep *Report) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--samples: %w", err)
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"session", "phase", "index", "key", "sent_ms", "first_byte_ms", "burst_end_ms", "bytes"})
	for _, r := range rep.Sessions {
		for phase, bs := range map[string][]burst{"repaint": r.Repaints, "move": r.Moves} {
			for i, b := range bs {
				_ = w.Write([]string{strconv.Itoa(r.ID), phase, strconv.Itoa(i), strconv.Quote(b.key),
					fmt.Sprintf("%.3f", ms(b.sent.Sub(rep.Started))), fmt.Sprintf("%.3f", ms(b.first)),
					fmt.Sprintf("%.3f", ms(b.last)), strconv.FormatInt(b.bytes, 10)})
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("--samples: %w", err)
	}
	return f.Close()
}
