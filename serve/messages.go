package serve

import (
	"fmt"
	"time"

	"github.com/eaeu-dash/eaeu-dash/ui"
)

// words are what the server itself tells a viewer, in the viewer's
// language (the dashboard's own words are in ui). A session's language is
// --lang, else the client's LANG/LC_* (clientLang), else English.
type words struct {
	ended, failed    string
	idle, limit      string // with a duration (ui.HumanDuration)
	full             string // with the number of viewers
	noPTY, noCommand string
	keepalive        string
	// Refusals, shown as the SSH banner of a handshake that lets no one in.
	busy, addrBusy, waited, notInvited string // notInvited: with fingerprints
	lang                               string
}

var wordsEN = words{
	lang:      "en",
	ended:     "The briefing has ended.",
	failed:    "Sorry: the dashboard failed (the server logged it). Please connect again.",
	idle:      "Closed after %s without input.",
	limit:     "This session reached its time limit (%s).",
	full:      "The briefing is full (%d viewers); try again later.",
	noPTY:     "eaeu-dash shows a full-screen dashboard: connect from a terminal (ssh -t HOST), without a command.",
	noCommand: "eaeu-dash only shows the dashboard: connect without a command (ssh -t HOST).",
	keepalive: "The connection stopped answering.",
	busy:      "The briefing cannot take more connections right now; try again in a minute.",
	addrBusy:  "Too many people are joining from your network address at once; try again in a minute.",
	waited:    "The briefing is busy letting people in; try again in a minute.",
	notInvited: "This briefing admits invited keys only; ask the organiser to add your key: %s\n" +
		"(the key is in ~/.ssh/*.pub; ssh-keygen -lf FILE shows its SHA256 fingerprint)",
}

var wordsRU = words{
	lang:      "ru",
	ended:     "Брифинг завершён.",
	failed:    "Извините: в панели произошёл сбой (он записан в журнал сервера). Подключитесь снова.",
	idle:      "Закрыто: нет ввода %s.",
	limit:     "Сеанс достиг предельной длительности (%s).",
	full:      "Мест нет (зрителей: %d); попробуйте позже.",
	noPTY:     "eaeu-dash показывает панель во весь экран: подключайтесь из терминала (ssh -t HOST), без команды.",
	noCommand: "eaeu-dash показывает только панель: подключайтесь без команды (ssh -t HOST).",
	keepalive: "Соединение перестало отвечать.",
	busy:      "Брифинг сейчас не принимает новых подключений; попробуйте через минуту.",
	addrBusy:  "С вашего сетевого адреса подключается слишком много людей сразу; попробуйте через минуту.",
	waited:    "Брифинг занят приёмом подключений; попробуйте через минуту.",
	notInvited: "На брифинг допускаются только приглашённые ключи; попросите организатора добавить ваш ключ: %s\n" +
		"(ключ лежит в ~/.ssh/*.pub; ssh-keygen -lf ФАЙЛ покажет его отпечаток SHA256)",
}

// wordsFor is the server's words in lang ("ru" or anything else: English).
func wordsFor(lang string) *words {
	if lang == "ru" {
		return &wordsRU
	}
	return &wordsEN
}

// refusal is what a refused connection's banner says.
func (w *words) refusal(r refusal, maxSessions int) string {
	switch r {
	case refusedAddrQueueFull:
		return w.addrBusy
	case refusedWaitedTooLong:
		return w.waited
	case refusedTooManyConns:
		return fmt.Sprintf(w.full, maxSessions)
	case refusedClosing:
		return w.ended
	}
	return w.busy
}

func (w *words) idleFor(d time.Duration) string {
	return fmt.Sprintf(w.idle, ui.HumanDuration(d, w.lang))
}

func (w *words) limitOf(d time.Duration) string {
	return fmt.Sprintf(w.limit, ui.HumanDuration(d, w.lang))
}

// sessionLang is the language of a session: the server's --lang, else the
// client's environment, else English.
func (s *Server) sessionLang(env []string) string {
	if s.cfg.Lang != "" {
		return s.cfg.Lang
	}
	if l := clientLang(env); l != "" {
		return l
	}
	return "en"
}
