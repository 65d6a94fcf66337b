#version 330 core
// Round, slightly soft points, so overlapping clusters read as density.
in vec3 vColour;
out vec4 fragColour;

uniform float alpha;

void main() {
  vec2 offset = gl_PointCoord * 2.0 - 1.0;
  float r2 = dot(offset, offset);
  if (r2 > 1.0) discard;
  fragColour = vec4(vColour, alpha * (1.0 - 0.35 * r2));
}
