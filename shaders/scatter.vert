#version 330 core
// One latent code per vertex: its two chosen coordinates and its colour.
layout(location = 0) in vec2 position;
layout(location = 1) in vec3 colour;

uniform vec2 viewCenter;   // data coordinates at the middle of the texture
uniform vec2 viewScale;    // clip units per data unit
uniform float pointSize;   // pixels

out vec3 vColour;

void main() {
  gl_Position = vec4((position - viewCenter) * viewScale, 0.0, 1.0);
  gl_PointSize = pointSize;
  vColour = colour;
}
