// Command pprofserve runs the real SSH server (serve.New with the embedded
// dataset, --open) with net/http/pprof on a second loopback port, so that a
// load run with sshload can be profiled. It is a measuring aid, not a way to
// serve a briefing: use `eaeu-dash serve` for that.
//
//	go build -o /tmp/pprofserve ./tools/sshload/internal/pprofserve
//	/tmp/pprofserve --listen 127.0.0.1:23299 --pprof 127.0.0.1:6069 &
//	go tool pprof -seconds 20 http://127.0.0.1:6069/debug/pprof/profile
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof" // the point of this program
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/charmbracelet/log"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/serve"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:23299", "SSH address (loopback)")
	pprofAddr := flag.String("pprof", "127.0.0.1:6069", "pprof HTTP address (loopback)")
	hostKey := flag.String("host-key", "/tmp/pprofserve_hostkey", "host key, created if missing")
	maxSessions := flag.Int("max-sessions", 500, "most concurrent sessions")
	quiet := flag.Bool("quiet", true, "log warnings only (a connect line per session distorts a load run)")
	memRate := flag.Int("memprofilerate", 0, "runtime.MemProfileRate (1 records every allocation: exact heap profiles, slower); 0 keeps Go's default")
	flag.Parse()
	if *memRate > 0 {
		runtime.MemProfileRate = *memRate
	}
	for _, a := range []string{*listen, *pprofAddr} {
		host, _, err := net.SplitHostPort(a)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			fmt.Fprintf(os.Stderr, "pprofserve: %s: loopback addresses only\n", a)
			os.Exit(2)
		}
	}
	logger := log.NewWithOptions(os.Stderr, log.Options{ReportTimestamp: true})
	if *quiet {
		logger.SetLevel(log.WarnLevel)
	}
	go func() {
		srv := &http.Server{Addr: *pprofAddr, ReadHeaderTimeout: 5 * time.Second}
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("pprof", "err", err)
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := serve.Run(ctx, serve.Config{
		Listen:      *listen,
		HostKeyPath: *hostKey,
		Open:        true,
		MaxSessions: *maxSessions,
		Load:        data.Default,
		Logger:      logger,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "pprofserve:", err)
		os.Exit(1)
	}
}
