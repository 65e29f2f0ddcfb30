package ui

import "fmt"

// SnapshotFunc saves a frame as the terminal received it (with its colour
// sequences) and returns where it went, for the status line. It is
// Options.Snapshot.
type SnapshotFunc func(frame string) (where string, err error)

// snapshotKey is the key that saves the screen when Options.Snapshot is
// set. Without it the key does nothing but say so: over SSH nothing a
// client sends may write a file on the server, so serve sets the option
// only for a presenter, and only when the operator asked for it.
const snapshotKey = "ctrl+s"

// snapshotTexts are the status-line words of ctrl+s, per language.
var snapshotTexts = map[string][3]string{
	"en": {"screen saved: %s", "screen not saved: %v", "ctrl+s: screenshots are not saved in this session"},
	"ru": {"снимок экрана сохранён: %s", "снимок экрана не сохранён: %v", "ctrl+s: в этом сеансе снимки экрана не сохраняются"},
}

// snapshot saves the frame on screen (before the notice it causes).
func (m *model) snapshot() {
	t, ok := snapshotTexts[m.opts.Lang]
	if !ok {
		t = snapshotTexts["en"]
	}
	if m.opts.Snapshot == nil {
		m.notice = t[2]
		return
	}
	where, err := m.opts.Snapshot(m.frame)
	if err != nil {
		m.notice = fmt.Sprintf(t[1], err)
		return
	}
	m.notice = fmt.Sprintf(t[0], where)
}
