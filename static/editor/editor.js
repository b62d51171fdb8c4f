// The SQL editor: CodeMirror 6 with the Redshift/PostgreSQL flavour of SQL.
// Bundled by esbuild into one script that defines `TabhouseEditor`; the Rust
// app (src/ui/editor.rs) creates it and talks to it through the handle below.

import { EditorState, Compartment, Prec } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, placeholder as placeholderText,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, bracketMatching, indentOnInput, syntaxTree } from "@codemirror/language";
import {
  autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap,
} from "@codemirror/autocomplete";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { sql, PostgreSQL, SQLDialect } from "@codemirror/lang-sql";
import { classHighlighter } from "@lezer/highlight";

// Redshift's own functions (highlighting; completion gets the engine's list
// through setFunctions) and types on top of PostgreSQL's.
const REDSHIFT_BUILTINS =
  "dateadd datediff date_trunc date_part getdate sysdate listagg median nvl nvl2 decode " +
  "split_part len charindex to_char lag lead ntile row_number rank dense_rank first_value last_value nth_value";
const REDSHIFT_TYPES = "int2 int4 int8 float4 float8 bpchar timestamptz";

// The functions the engine accepts, set by the app: completion options.
let functionOptions = [];

function functionCompletions(context) {
  const word = context.matchBefore(/[A-Za-z_][A-Za-z_0-9]*/);
  if (!word || (word.from === word.to && !context.explicit)) return null;
  const before = context.state.sliceDoc(Math.max(0, word.from - 1), word.from);
  if (before === ".") return null;
  return { from: word.from, options: functionOptions, validFor: /^[A-Za-z_0-9]*$/ };
}

const RedshiftSQL = SQLDialect.define({
  ...PostgreSQL.spec,
  builtin: `${PostgreSQL.spec.builtin || ""} ${REDSHIFT_BUILTINS}`,
  types: `${PostgreSQL.spec.types || ""} ${REDSHIFT_TYPES}`,
  keywords: `${PostgreSQL.spec.keywords || ""} minus ignoreheader removequotes dateformat timeformat iam_role top`,
});

function language(schema) {
  return sql({ dialect: RedshiftSQL, schema, defaultSchema: "raw_data", upperCaseKeywords: true });
}

// The statements of the script as [from, to) ranges, from the syntax tree.
function statements(state) {
  const ranges = [];
  syntaxTree(state).topNode.getChildren("Statement").forEach((node) => {
    ranges.push({ from: node.from, to: node.to });
  });
  return ranges;
}

// The selection if there is one, else the statement under the cursor (or the
// one just before it, when the cursor sits after its semicolon).
function currentStatement(state) {
  const selection = state.selection.main;
  if (!selection.empty) {
    return { text: state.sliceDoc(selection.from, selection.to), from: selection.from };
  }
  const cursor = selection.head;
  let chosen = null;
  for (const range of statements(state)) {
    if (range.from <= cursor) chosen = range;
    if (range.from <= cursor && cursor <= range.to) break;
  }
  if (!chosen) return { text: state.doc.toString(), from: 0 };
  const text = state.sliceDoc(chosen.from, chosen.to);
  if (text.trim() === "" || text.trim() === ";") return { text: state.doc.toString(), from: 0 };
  return { text, from: chosen.from };
}

/**
 * Creates an editor in `parent`. `options`: doc, placeholder, label, and the
 * callbacks onRun(text, from), onRunAll(text), onChange(doc).
 */
export function create(parent, options) {
  const schema = new Compartment();
  const labels = new Compartment();
  const labelled = (placeholder, label) => [
    placeholderText(placeholder || ""),
    EditorView.contentAttributes.of({ "aria-label": label || "SQL", "data-testid": "editor-input" }),
  ];
  const runKeys = Prec.highest(keymap.of([
    {
      key: "Mod-Enter",
      run: (view) => {
        const { text, from } = currentStatement(view.state);
        options.onRun(text, from);
        return true;
      },
    },
    {
      key: "Mod-Shift-Enter",
      run: (view) => {
        options.onRunAll(view.state.doc.toString());
        return true;
      },
    },
  ]));
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc || "",
      extensions: [
        runKeys,
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        autocompletion({ icons: false }),
        highlightActiveLine(),
        highlightSelectionMatches(),
        lintGutter(),
        syntaxHighlighting(classHighlighter),
        labels.of(labelled(options.placeholder, options.label)),
        EditorView.lineWrapping,
        schema.of(language({})),
        EditorState.languageData.of(() => [{ autocomplete: functionCompletions }]),
        keymap.of([
          ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap,
          ...completionKeymap, indentWithTab,
        ]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) {
            options.onChange(update.state.doc.toString());
            if (errorShown) {
              errorShown = false;
              view.dispatch(setDiagnostics(update.state, []));
            }
          }
        }),
      ],
    }),
  });
  let errorShown = false;
  let lastSchema = "{}";

  return {
    /** The whole script. */
    getDoc: () => view.state.doc.toString(),
    /** Replaces the script (undoable). */
    setDoc: (text) => {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    /** Inserts text at the cursor, replacing the selection. */
    insert: (text) => {
      view.dispatch(view.state.replaceSelection(text));
      view.focus();
    },
    /** The selection or the statement under the cursor: {text, from}. */
    currentStatement: () => currentStatement(view.state),
    /** Table and column names for completion: {"schema.table": ["col", ...]}. */
    setSchema: (tables) => {
      // Reconfiguring closes an open completion: skip it when nothing changed.
      const json = JSON.stringify(tables);
      if (json === lastSchema) return;
      lastSchema = json;
      const namespace = {};
      for (const [qualified, columns] of Object.entries(tables)) {
        const [schemaName, table] = qualified.split(".");
        namespace[schemaName] = namespace[schemaName] || {};
        namespace[schemaName][table] = columns;
      }
      view.dispatch({ effects: schema.reconfigure(language(namespace)) });
    },
    /** Functions for completion: [{name, signature, kind}]. */
    setFunctions: (functions) => {
      functionOptions = functions.map((f) => ({
        label: f.name, detail: f.signature, type: f.kind === "scalar" ? "function" : "method", boost: -1,
      }));
    },
    /** Underlines [from, to) with `message` on hover; cleared by the next edit. */
    markError: (from, to, message) => {
      const length = view.state.doc.length;
      const start = Math.max(0, Math.min(from, length));
      let end = Math.max(start, Math.min(to, length));
      if (end === start && end < length) end += 1;
      errorShown = true;
      view.dispatch(setDiagnostics(view.state, [{ from: start, to: end, severity: "error", message }]));
    },
    /** Removes the error underline. */
    clearError: () => {
      errorShown = false;
      view.dispatch(setDiagnostics(view.state, []));
    },
    /** Offset of a 1-based line and column of the text that starts at `from`. */
    offsetIn: (from, line, column) => {
      const doc = view.state.doc;
      const first = doc.lineAt(Math.min(from, doc.length));
      if (line <= 1) return Math.min(from + Math.max(0, column - 1), first.to);
      const target = doc.line(Math.min(first.number + line - 1, doc.lines));
      return Math.min(target.from + Math.max(0, column - 1), target.to);
    },
    /** The placeholder and the accessible name (when the language changes). */
    setLabels: (placeholder, label) => {
      view.dispatch({ effects: labels.reconfigure(labelled(placeholder, label)) });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
