// The hub's own Swagger UI configuration (it shadows the webjar's file of the same name, which loads a demo
// document from the internet): the hub's contract, relative to /docs/, and no call to an online validator.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "../api/v1/openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
};
