/** The parsed form of a template (a subset of Go's text/template parse tree). */

export type Node = TextNode | ActionNode | ControlNode | LoopJumpNode;

export interface TextNode {
  kind: "text";
  text: string;
}

/** `{{ pipeline }}`: prints the pipeline's value (nothing when it declares a variable). */
export interface ActionNode {
  kind: "action";
  pos: number;
  pipe: Pipeline;
}

/** `if`, `with` and `range`, each with an optional `else` branch. */
export interface ControlNode {
  kind: "if" | "with" | "range";
  pos: number;
  pipe: Pipeline;
  list: Node[];
  elseList: Node[] | null;
}

export interface LoopJumpNode {
  kind: "break" | "continue";
  pos: number;
}

export interface Pipeline {
  pos: number;
  /** Variables declared (`$x :=`) or assigned (`$x =`); range may name two. */
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
}

export interface Command {
  pos: number;
  args: Operand[];
}

export type Operand =
  | { kind: "dot"; pos: number }
  | { kind: "field"; pos: number; chain: string[] }
  | { kind: "variable"; pos: number; name: string; chain: string[] }
  | { kind: "func"; pos: number; name: string }
  | { kind: "string"; pos: number; value: string }
  | { kind: "number"; pos: number; value: number }
  | { kind: "bool"; pos: number; value: boolean }
  | { kind: "nil"; pos: number }
  | { kind: "pipe"; pos: number; pipe: Pipeline; chain: string[] };
