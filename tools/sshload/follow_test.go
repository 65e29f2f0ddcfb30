package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/log"
	natsserver "github.com/nats-io/nats-server/v2/server"
	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/serve"
)

// A briefing over two servers sharing a hub: every follower, on either
// server, is measured for every move of the presenter.
func TestFollowAcrossServers(t *testing.T) {
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server did not start")
	}
	defer ns.Shutdown()

	dir := t.TempDir()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	block, _ := gossh.MarshalPrivateKey(priv, "")
	keyFile := filepath.Join(dir, "presenter")
	os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600)
	presenters := filepath.Join(dir, "presenters.pub")
	os.WriteFile(presenters, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o600)

	var addrs []string
	for i := range 2 {
		s, err := serve.New(serve.Config{Open: true, PresenterKeys: presenters, Hub: ns.ClientURL(), Room: "load",
			HostKeyPath: filepath.Join(dir, "hk"+string(rune('a'+i))), Logger: log.New(nilWriter{})})
		if err != nil {
			t.Fatal(err)
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go s.Serve(l)
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			s.Shutdown(ctx)
		}()
		addrs = append(addrs, l.Addr().String())
	}
	cfg := testConfig(strings.Join(addrs, ","))
	cfg.N, cfg.Keys, cfg.PresenterKey = 4, 3, keyFile
	cfg.MoveKeys = []string{"2", "3", "1"}
	cfg.Interval = 50 * time.Millisecond
	cfg.KeyWait = 10 * time.Second
	sum, err := runFollow(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 0 || sum.Moves != 3 || sum.Samples != 12 || sum.NoReply != 0 || len(sum.PerAddrP99) != 2 {
		t.Fatalf("summary: %+v", sum)
	}
	if sum.P99MS <= 0 || sum.P99MS > sum.MaxMS || sum.P50MS > sum.P99MS {
		t.Fatalf("percentiles out of order: %+v", sum)
	}
}

type nilWriter struct{}

func (nilWriter) Write(p []byte) (int, error) { return len(p), nil }
