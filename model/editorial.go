package model

import "time"

// Translation states, as Weblate names them: the quality checks flagged it
// (needs review), it is translated, an editor approved it. An approved
// translation is never overwritten by a machine: a later re-translation is
// kept beside it as a proposal.
const (
	StateNeedsReview = "needs_review"
	StateTranslated  = "translated"
	StateApproved    = "approved"
)

// flagWeights rank the quality checks' kinds: a wrong number or a lost
// name or link misleads a reader; a long sentence only reads badly.
var flagWeights = map[string]int{
	"numbers": 5, "protected_missing": 5, "glossary": 3, "untranslated": 3,
	"repeated": 2, "unknown_word": 1, "length_ratio": 1,
	"url": 5, "name_spelling": 3, "end_punctuation": 2, "brackets": 1,
}

// Severity ranks a translation in the review queue: the sum of its flags'
// weights (an unknown kind weighs 1).
func Severity(flags []Flag) int {
	n := 0
	for _, f := range flags {
		w := flagWeights[f.Kind]
		if w == 0 {
			w = 1
		}
		n += w
	}
	return n
}

// AuditEntry is one change made through the newsroom's operations: who
// made it, when, what (an action on an object) and the object before and
// after (JSON; "" when it did not exist).
type AuditEntry struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Object string    `json:"object"`
	Before string    `json:"before,omitempty"`
	After  string    `json:"after,omitempty"`
}
