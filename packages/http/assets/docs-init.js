// Starts Swagger UI on the docs page (served as a file: the page's CSP allows no inline script).
// validatorUrl null: the default sends the document to validator.swagger.io for a badge.
const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({ url: root.dataset.url, domNode: root, deepLinking: true, validatorUrl: null });
