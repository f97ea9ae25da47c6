package engine_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"newsbridge/model"
	"newsbridge/translate/engine"
)

// A router wraps every configured engine once and fails over to the next
// engine for the pair on any model.EUnavailable error; IsQuota tells it the
// engine will stay unavailable until its quota resets.
func ExampleResilient() {
	cfg := engine.Config{Name: "fake", Concurrency: 2, RatePerSecond: 5, DailyChars: 500_000, Timeout: 30 * time.Second}
	r := engine.Resilient(&fake{}, cfg, engine.WithRetry(3, 200*time.Millisecond, 5*time.Second), engine.WithBreaker(5, time.Minute))
	out, err := r.Translate(context.Background(), model.EngineRequest{Pair: model.Pair{From: "en", To: "es"}, Texts: []string{"Hello", "World"}})
	switch {
	case engine.IsQuota(err):
		fmt.Println("paused until its quota resets; try the next engine")
	case errors.Is(err, engine.ErrCircuitOpen), model.ErrorCode(err) == model.EUnavailable:
		fmt.Println("down; try the next engine")
	case err == nil:
		fmt.Println(out, r.Stats().State, r.Stats().CharsToday)
	}
	// Output: [es:Hello es:World] closed 10
}
