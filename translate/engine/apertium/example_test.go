package apertium_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"newsbridge/model"
	"newsbridge/translate/engine/apertium"
)

// The engine starts es→ca's pipeline on the first call and keeps it until
// it has been idle for IdleTimeout or Close is called.
func Example() {
	e := apertium.New(apertium.Options{IdleTimeout: 10 * time.Minute})
	defer e.Close()
	ctx := context.Background()
	out, err := e.Translate(ctx, model.EngineRequest{Pair: model.Pair{From: "es", To: "ca"}, Texts: []string{
		"El perro de mi casa es muy grande.",
		"Título sin punto",
		"",
	}})

	if err != nil {
		log.Fatal(err) // a *model.Error: EInvalid for a pair not installed or bad text
	}
	fmt.Println(out) // [El gos de la meva casa és molt gran. Títol sense punt ]
}
