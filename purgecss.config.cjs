// PurgeCSS for the dkfds stylesheet (scripts/build_static.py runs it at every `make setup`):
// keep only the rules whose classes, ids and elements appear in our templates, in the Python
// that builds markup, or in our own scripts.
module.exports = {
  content: ["templates/**/*.html", "app/**/*.py", "static/js/**/*.js"],
  safelist: {
    // Built in templates from a variable: class="alert alert-{{ kind }}", "badge badge-{{ kind }}".
    standard: [/^alert-/, /^badge-/],
  },
  // Drop @font-face, @keyframes and custom properties that nothing left uses.
  fontFace: true,
  keyframes: true,
  variables: true,
};
