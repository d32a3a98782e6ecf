// eslint flat config: the browser modules (src/), their node tests (test/), the build script.
import js from "@eslint/js";

const browser = {window: "readonly", document: "readonly", console: "readonly", fetch: "readonly",
                 performance: "readonly", URL: "readonly", URLSearchParams: "readonly",
                 Intl: "readonly", setTimeout: "readonly", clearTimeout: "readonly"};
const node = {process: "readonly", console: "readonly", URL: "readonly"};

export default [
    {ignores: ["node_modules/**"]},
    js.configs.recommended,
    {
        files: ["src/**/*.js"],
        languageOptions: {ecmaVersion: 2022, sourceType: "module", globals: browser},
        rules: {"no-var": "error", "prefer-const": "error", "eqeqeq": "error",
                "no-restricted-properties": ["error",
                    {property: "innerHTML", message: "set text with textContent"},
                    {property: "outerHTML", message: "set text with textContent"},
                    {property: "insertAdjacentHTML", message: "set text with textContent"}]}
    },
    {
        files: ["test/**/*.js", "*.mjs"],
        languageOptions: {ecmaVersion: 2022, sourceType: "module", globals: node}
    }
];
