// LatentLab desktop program: the frame loop, in the plain style of Dear ImGui's GLFW + OpenGL3 example.
#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "app_options.h"
#include "gl/screenshot.h"
#include "gl/window.h"
#include "io/image.h"
#include "panels/system_panel.h"
#include "util/error.h"

using namespace latentlab;

static int runApp(const AppOptions& options) {
  Window window({1600, 1000, "LatentLab", true});

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = options.iniFile.empty() ? nullptr : options.iniFile.c_str();
  ImGui::StyleColorsDark();
  const float scale = window.contentScale();
  ImGui::GetStyle().ScaleAllSizes(scale);
  io.FontGlobalScale = scale;
  ImGui_ImplGlfw_InitForOpenGL(window.handle(), true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  SystemPanel systemPanel(window.glVersion());

  int frame = 0;
  while (!glfwWindowShouldClose(window.handle())) {
    // Headless runs render a fixed number of frames; an interactive one sleeps until something happens.
    if (options.frames > 0) glfwPollEvents();
    else glfwWaitEventsTimeout(0.25);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();

    systemPanel.draw();

    ImGui::Render();
    int width = 0, height = 0;
    glfwGetFramebufferSize(window.handle(), &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    ++frame;
    if (options.frames > 0 && frame >= options.frames) {
      if (!options.screenshot.empty()) {
        writePng(options.screenshot, readFramebuffer(width, height));
        std::printf("screenshot written to %s (%dx%d)\n", options.screenshot.c_str(), width, height);
      }
      glfwSetWindowShouldClose(window.handle(), GLFW_TRUE);
    }
    glfwSwapBuffers(window.handle());
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  return 0;
}

int main(int argc, char** argv) {
  AppOptions options;
  CLI::App cli{"LatentLab: explore the latent spaces of generative models"};
  addAppOptions(cli, options);
  CLI11_PARSE(cli, argc, argv);
  try {
    return runApp(options);
  } catch (const Error& e) {
    std::fprintf(stderr, "latentlab: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab: unexpected error: %s\n", e.what());
    return 3;
  }
}
