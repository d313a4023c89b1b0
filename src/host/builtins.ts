// Upstream's shell builtin ids by name (shell_builtins::builtin_id): which id
// runBuiltinByName dispatches a name to. Aliases share an id.

/** Builtin name → the id CallBuiltin uses for it. */
export const BUILTIN_IDS: Readonly<Record<string, number>> = Object.freeze({
  "cd": 0, "chdir": 0, "pwd": 1, "echo": 2, "print": 3, "printf": 4, "export": 5, "unset": 6,
  "source": 7, ".": 7, "exit": 8, "bye": 8, "logout": 8, "return": 9, "true": 10, "false": 11,
  "test": 12, "[": 12, ":": 13, "local": 20, "declare": 22, "typeset": 22, "readonly": 23,
  "integer": 24, "float": 25, "read": 30, "mapfile": 31, "readarray": 31, "break": 40,
  "continue": 41, "shift": 42, "eval": 43, "exec": 44, "command": 45, "builtin": 46, "let": 47,
  "jobs": 50, "fg": 51, "bg": 52, "kill": 53, "disown": 54, "wait": 55, "suspend": 56, "history": 60,
  "fc": 61, "r": 62, "alias": 70, "unalias": 71, "set": 80, "setopt": 81, "unsetopt": 82,
  "shopt": 83, "emulate": 84, "getopts": 85, "autoload": 90, "functions": 91, "unfunction": 92,
  "trap": 100, "pushd": 110, "popd": 111, "dirs": 112, "type": 120, "whence": 121, "where": 122,
  "which": 123, "hash": 124, "rehash": 125, "unhash": 126, "compgen": 130, "complete": 131,
  "compopt": 132, "compadd": 133, "compset": 134, "compdef": 135, "compinit": 136, "cdreplay": 137,
  "zstyle": 140, "zmodload": 141, "bindkey": 142, "bind": 142, "zle": 143, "vared": 144,
  "zcompile": 145, "zformat": 146, "zparseopts": 147, "zregexparse": 148, "ulimit": 150,
  "limit": 151, "unlimit": 152, "umask": 153, "times": 160, "caller": 161, "help": 162,
  "enable": 163, "disable": 164, "noglob": 165, "ttyctl": 166, "sync": 167, "mkdir": 168,
  "strftime": 169, "zsleep": 170, "zsystem": 171, "pcre_compile": 180, "pcre_match": 181,
  "pcre_study": 182, "ztie": 190, "zuntie": 191, "zgdbmpath": 192, "promptinit": 200, "prompt": 201,
  "async": 210, "await": 211, "pmap": 212, "pgrep": 213, "peach": 214, "barrier": 215,
  "intercept": 220, "intercept_proceed": 221, "doctor": 230, "dbview": 231, "profile": 232,
  "zprof": 233, "cat": 240, "head": 241, "tail": 242, "wc": 243, "basename": 244, "dirname": 245,
  "touch": 246, "realpath": 247, "sort": 248, "find": 249, "uniq": 250, "cut": 251, "tr": 252,
  "seq": 253, "rev": 254, "tee": 255, "sleep": 256, "whoami": 257, "id": 258, "hostname": 259,
  "uname": 260, "date": 261, "mktemp": 262,
});
