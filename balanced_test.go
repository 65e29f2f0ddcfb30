package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// freePort is a loopback port nobody listens on (right now).
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// process runs a command in the background with its output in a file,
// and kills it at the end of the test.
type process struct {
	cmd *exec.Cmd
	log string
}

func startProcess(t *testing.T, logFile string, name string, args ...string) *process {
	t.Helper()
	f, err := os.Create(logFile)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	p := &process{cmd: cmd, log: logFile}
	done := make(chan struct{})
	go func() { cmd.Wait(); f.Close(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	return p
}

func (p *process) read() string { b, _ := os.ReadFile(p.log); return string(b) }

func (p *process) waitLog(t *testing.T, what string, re string) string {
	t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m := rx.FindString(p.read()); m != "" {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; the log:\n%s", what, p.read())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Two instances behind the real HAProxy share a briefing through the real
// nats-server: the presenter on one leads the viewers on both; one
// instance is killed with SIGKILL and its viewers, running ssh again,
// land through HAProxy on the presenter's screen, with the same host key.
func TestSmokeBalancedBriefing(t *testing.T) {
	t.Parallel()
	needTool(t, "tmux", "tmux")
	needTool(t, "ssh", "openssh-client")
	natsBin := needTool(t, "nats-server", "nats-server")
	haproxyBin := needTool(t, "haproxy", "haproxy")
	bin := binary(t)
	dir := t.TempDir()

	// The presenter's key.
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	block, _ := gossh.MarshalPrivateKey(priv, "")
	keyFile := filepath.Join(dir, "presenter_ed25519")
	os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600)
	presenters := filepath.Join(dir, "presenters.pub")
	os.WriteFile(presenters, []byte(strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey())))+" alice\n"), 0o600)

	natsPort, front := freePort(t), freePort(t)
	ports := []int{freePort(t), freePort(t)}
	startProcess(t, filepath.Join(dir, "nats.log"), natsBin, "-a", "127.0.0.1", "-p", fmt.Sprint(natsPort), "-js", "-sd", filepath.Join(dir, "js"))
	hub := fmt.Sprintf("nats://127.0.0.1:%d", natsPort)
	waitDial(t, fmt.Sprintf("127.0.0.1:%d", natsPort))

	// One host key for both: the first instance creates it.
	hostKey := filepath.Join(dir, "host_ed25519")
	var inst []*process
	startInstance := func(i int, log string) *process {
		p := startProcess(t, filepath.Join(dir, log), bin, "serve", "--open",
			"--listen", fmt.Sprintf("127.0.0.1:%d", ports[i]), "--presenter-keys", presenters, "--host-key", hostKey,
			"--hub", hub, "--room", "smoke", "--proxy-protocol", "--trusted-proxies", "127.0.0.1/32", "--keepalive", "2s")
		p.waitLog(t, "instance to serve", `serving listen=`)
		return p
	}
	for i := range ports {
		inst = append(inst, startInstance(i, fmt.Sprintf("dash%d.log", i+1)))
	}

	// HAProxy with the configuration of docs/deploy, on loopback ports.
	cfg, err := os.ReadFile(filepath.Join("docs", "deploy", "haproxy.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	conf := string(cfg)
	conf = strings.Replace(conf, "bind 0.0.0.0:22", fmt.Sprintf("bind 127.0.0.1:%d", front), 1)
	conf = strings.Replace(conf, "    server dash3 10.0.0.13:23234\n", "", 1)
	conf = strings.Replace(conf, "10.0.0.11:23234", fmt.Sprintf("127.0.0.1:%d", ports[0]), 1)
	conf = strings.Replace(conf, "10.0.0.12:23234", fmt.Sprintf("127.0.0.1:%d", ports[1]), 1)
	conf = strings.Replace(conf, "maxconn 20000", "maxconn 200", 1)
	cfgFile := filepath.Join(dir, "haproxy.cfg")
	os.WriteFile(cfgFile, []byte(conf), 0o600)
	ha := startProcess(t, filepath.Join(dir, "haproxy.log"), haproxyBin, "-db", "-f", cfgFile)
	waitDial(t, fmt.Sprintf("127.0.0.1:%d", front))

	// The viewers' known_hosts has the one host key: it must match on
	// whichever instance HAProxy picks.
	pub, err := os.ReadFile(hostKey + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	known := filepath.Join(dir, "known_hosts")
	os.WriteFile(known, []byte(fmt.Sprintf("[127.0.0.1]:%d %s", front, pub)), 0o600)
	ssh := func(extra string) string {
		return fmt.Sprintf("ssh -F /dev/null -p %d -o StrictHostKeyChecking=yes -o UserKnownHostsFile=%s -o LogLevel=ERROR %s viewer@127.0.0.1",
			front, known, extra)
	}
	// A viewer runs ssh again when it ends, as a person would.
	asViewer := "for i in 1 2 3; do " + ssh("-o PubkeyAuthentication=no -o IdentityFile=/dev/null") + "; echo SSH_EXIT=$?; sleep 0.5; done; sleep 60"
	asPresenter := ssh("-i "+keyFile+" -o IdentitiesOnly=yes") + "; echo SSH_EXIT=$?; sleep 60"

	tm := &tmux{t: t, sock: filepath.Join(dir, "tmux.sock")}
	t.Cleanup(func() { tm.run("kill-server") })
	tm.start("presenter", 120, 40, asPresenter)
	tm.wait("presenter", "the presenter", "presenting to 0 viewers")
	viewers := []string{"v1", "v2", "v3", "v4"}
	for _, v := range viewers {
		tm.start(v, 100, 30, asViewer)
		tm.wait(v, v+" following", "following alice")
	}
	tm.wait("presenter", "the whole room counted", "presenting to 4 viewers")
	tm.keys("presenter", "3") // the table
	for _, v := range viewers {
		tm.wait(v, v+" on the table", "following alice", "s sort column")
	}

	// Which instance has the presenter; the other one must have viewers.
	presIdx := 0
	if strings.Contains(inst[1].read(), "presenter=true") {
		presIdx = 1
	}
	other := inst[1-presIdx]
	if n := strings.Count(other.read(), "session start"); n == 0 {
		t.Fatalf("HAProxy sent every viewer to the presenter's instance:\n%s\n%s", inst[0].read(), inst[1].read())
	}
	onOther := strings.Count(other.read(), "session start")
	t.Logf("presenter on dash%d; %d viewers on dash%d", presIdx+1, onOther, 2-presIdx)

	// SIGKILL the other instance: no goodbye, no restored terminals.
	if err := other.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Its viewers' ssh ends and runs again; HAProxy sends them to the
	// live instance, where they start on the presenter's table.
	deadline := time.Now().Add(30 * time.Second)
	for {
		landed := 0
		for _, v := range viewers {
			pane := tm.capture(v)
			if strings.Contains(pane, "following alice") && strings.Contains(pane, "s sort column") && !strings.Contains(pane, "SSH_EXIT") {
				landed++
			}
		}
		reconnected := strings.Count(inst[presIdx].read(), "session start") - 1 - (len(viewers) - onOther)
		if landed == len(viewers) && reconnected >= onOther {
			break
		}
		if time.Now().After(deadline) {
			for _, v := range viewers {
				t.Logf("%s:\n%s", v, tm.capture(v))
			}
			t.Fatalf("the killed instance's viewers did not land on the presenter's screen (%d of %d on it, %d of %d reconnected)\nhaproxy:\n%s",
				landed, len(viewers), reconnected, onOther, ha.read())
		}
		time.Sleep(100 * time.Millisecond)
	}
	tm.wait("presenter", "the room counted again", "presenting to 4 viewers")
	for _, v := range viewers {
		if strings.Contains(tm.capture(v), "Host key verification failed") || strings.Contains(tm.capture(v), "REMOTE HOST IDENTIFICATION") {
			t.Errorf("%s: the host key differed between instances", v)
		}
	}
	// HAProxy's health checks (with a PROXY header) took the killed
	// instance out, and only that one.
	killed, live := fmt.Sprintf("dash%d is DOWN", 2-presIdx), fmt.Sprintf("dash%d is DOWN", presIdx+1)
	ha.waitLog(t, "HAProxy to mark the killed instance down", regexp.QuoteMeta(killed))
	if strings.Contains(ha.read(), live) {
		t.Errorf("HAProxy marked the live instance down:\n%s", ha.read())
	}
	// The presenter goes on, and everyone follows.
	tm.keys("presenter", "2")
	for _, v := range viewers {
		tm.wait(v, v+" on the charts", "following alice", "zoom in")
	}
	// The killed instance restarts and reads where the briefing stands
	// from the hub's JetStream bucket (Debian's nats-server).
	back := startInstance(1-presIdx, "restarted.log")
	back.waitLog(t, "the restarted instance to read the stored screen", `the briefing stands where it was left`)
	if !strings.Contains(back.read(), "jetstream=on") {
		t.Errorf("the restarted instance has no JetStream:\n%s", back.read())
	}
}

// waitDial waits until something listens on addr.
func waitDial(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing listens on %s: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
