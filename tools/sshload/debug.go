package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// goStats is what a Go server's /debug/pprof endpoints tell about memory
// and goroutines. The heap is read with gc=1, so HeapAlloc is close to the
// live heap; RSS also holds garbage, freed pages not yet returned, stacks
// and the runtime's own structures.
type goStats struct {
	HeapAlloc  int64 `json:"heap_alloc_kib"`
	HeapInuse  int64 `json:"heap_inuse_kib"`
	Sys        int64 `json:"sys_kib"`
	Goroutines int   `json:"goroutines"`
}

// checkDebugURL accepts only http URLs on a loopback address.
func checkDebugURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("--debug-url %q: want http://127.0.0.1:PORT", raw)
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	if _, err := loopbackAddr(net.JoinHostPort(u.Hostname(), port)); err != nil {
		return fmt.Errorf("--debug-url %q: loopback only", raw)
	}
	return nil
}

func readGoStats(ctx context.Context, base string) (goStats, error) {
	var st goStats
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	heap, err := httpGet(ctx, strings.TrimRight(base, "/")+"/debug/pprof/heap?debug=1&gc=1")
	if err != nil {
		return st, err
	}
	for _, line := range strings.Split(heap, "\n") {
		name, val, ok := strings.Cut(strings.TrimPrefix(line, "# "), " = ")
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "HeapAlloc":
			st.HeapAlloc = n / 1024
		case "HeapInuse":
			st.HeapInuse = n / 1024
		case "Sys":
			st.Sys = n / 1024
		}
	}
	if st.Sys == 0 {
		return st, fmt.Errorf("no runtime.MemStats in %s/debug/pprof/heap?debug=1", base)
	}
	gor, err := httpGet(ctx, strings.TrimRight(base, "/")+"/debug/pprof/goroutine?debug=1")
	if err != nil {
		return st, err
	}
	first, _, _ := strings.Cut(gor, "\n")
	if _, err := fmt.Sscanf(first, "goroutine profile: total %d", &st.Goroutines); err != nil {
		return st, fmt.Errorf("goroutine profile: %q: %w", first, err)
	}
	return st, nil
}

func httpGet(ctx context.Context, u string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	var sb strings.Builder
	// The heap profile's header is what is needed; the rest can be long.
	_, err = io.Copy(&sb, io.LimitReader(bufio.NewReader(resp.Body), 8<<20))
	return sb.String(), err
}
