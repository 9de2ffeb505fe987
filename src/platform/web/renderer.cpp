// renderer.cpp — draws ImGui's draw lists with WebGL2. It replaces imgui_impl_opengl3 for one reason:
// that backend saves and restores GL state around every frame with ~20 glGet*/glIsEnabled calls, and in
// a browser each of those is a synchronous round trip to the GPU process (measured: 2.6 ms of a 3 ms
// frame while scrolling). The page owns its WebGL context, so there is no state to preserve: this
// renderer sets what it needs each frame and never queries.
#include <GLES3/gl3.h>
#include <imgui.h>

#include <cstddef>
#include <cstdint>

#include "platform/web/web.h"

namespace pinlab::web {

namespace {

struct Gl {
    GLuint program = 0, vao = 0, vbo = 0, ibo = 0, font = 0;
    GLint proj = -1, tex = -1;
};
Gl G;

const char* kVertex = R"(#version 300 es
precision highp float;
layout (location = 0) in vec2 Position;
layout (location = 1) in vec2 UV;
layout (location = 2) in vec4 Color;
uniform mat4 ProjMtx;
out vec2 Frag_UV;
out vec4 Frag_Color;
void main() {
    Frag_UV = UV;
    Frag_Color = Color;
    gl_Position = ProjMtx * vec4(Position.xy, 0, 1);
})";

const char* kFragment = R"(#version 300 es
precision mediump float;
uniform sampler2D Texture;
in vec2 Frag_UV;
in vec4 Frag_Color;
layout (location = 0) out vec4 Out_Color;
void main() {
    Out_Color = Frag_Color * texture(Texture, Frag_UV.st);
})";

GLuint compile(GLenum type, const char* src) {
    GLuint s = glCreateShader(type);
    glShaderSource(s, 1, &src, nullptr);
    glCompileShader(s);
    return s;
}

void upload_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    glGenTextures(1, &G.font);
    glBindTexture(GL_TEXTURE_2D, G.font);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(G.font)));
    io.Fonts->ClearTexData();  // the pixels live on the GPU now
}

}  // namespace

bool renderer_init() {
    ImGuiIO& io = ImGui::GetIO();
    io.BackendRendererName = "pinlab_webgl2";
    GLuint vs = compile(GL_VERTEX_SHADER, kVertex), fs = compile(GL_FRAGMENT_SHADER, kFragment);
    G.program = glCreateProgram();
    glAttachShader(G.program, vs);
    glAttachShader(G.program, fs);
    glLinkProgram(G.program);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint linked = 0;
    glGetProgramiv(G.program, GL_LINK_STATUS, &linked);  // once, at start-up
    if (!linked) return false;
    G.proj = glGetUniformLocation(G.program, "ProjMtx");
    G.tex = glGetUniformLocation(G.program, "Texture");

    glGenVertexArrays(1, &G.vao);
    glGenBuffers(1, &G.vbo);
    glGenBuffers(1, &G.ibo);
    glBindVertexArray(G.vao);
    glBindBuffer(GL_ARRAY_BUFFER, G.vbo);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, G.ibo);  // part of the VAO's state
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert),
                          reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert),
                          reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert),
                          reinterpret_cast<void*>(offsetof(ImDrawVert, col)));
    glBindVertexArray(0);
    return true;
}

void renderer_rebuild_fonts() {
    if (G.font) glDeleteTextures(1, &G.font);
    G.font = 0;
    ImGui::GetIO().Fonts->SetTexID(nullptr);
}

bool renderer_update_font_rect(int x, int y, int w, int h, const uint8_t* rgba) {
    if (!G.font) return false;
    glBindTexture(GL_TEXTURE_2D, G.font);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, x, y, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    return true;
}

void renderer_new_frame() {
    if (!G.font) upload_fonts();
}

void renderer_draw(ImDrawData* d, int fb_w, int fb_h) {
    glViewport(0, 0, fb_w, fb_h);
    if (!d || fb_w <= 0 || fb_h <= 0) return;
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glUseProgram(G.program);
    const float L = d->DisplayPos.x, R = d->DisplayPos.x + d->DisplaySize.x;
    const float T = d->DisplayPos.y, B = d->DisplayPos.y + d->DisplaySize.y;
    const float proj[16] = {2.0f / (R - L), 0, 0, 0, 0, 2.0f / (T - B), 0, 0, 0, 0, -1, 0,
                            (R + L) / (L - R), (T + B) / (B - T), 0, 1};
    glUniformMatrix4fv(G.proj, 1, GL_FALSE, proj);
    glUniform1i(G.tex, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(G.vao);
    glBindBuffer(GL_ARRAY_BUFFER, G.vbo);
    // Clip rectangles are in ImGui's coordinates: to framebuffer pixels, then Y flipped (GL's origin is
    // bottom-left). The runner makes ImGui work in device pixels, so the scale is normally 1.
    const ImVec2 off = d->DisplayPos, sc = d->FramebufferScale;
    for (int n = 0; n < d->CmdListsCount; ++n) {
        const ImDrawList* cl = d->CmdLists[n];
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(cl->VtxBuffer.Size) * sizeof(ImDrawVert),
                     cl->VtxBuffer.Data, GL_STREAM_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(cl->IdxBuffer.Size) * sizeof(ImDrawIdx),
                     cl->IdxBuffer.Data, GL_STREAM_DRAW);
        for (int c = 0; c < cl->CmdBuffer.Size; ++c) {
            const ImDrawCmd& cmd = cl->CmdBuffer[c];
            if (cmd.UserCallback) {
                if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(cl, &cmd);
                continue;
            }
            const float x0 = (cmd.ClipRect.x - off.x) * sc.x, y0 = (cmd.ClipRect.y - off.y) * sc.y;
            const float x1 = (cmd.ClipRect.z - off.x) * sc.x, y1 = (cmd.ClipRect.w - off.y) * sc.y;
            if (x1 <= x0 || y1 <= y0) continue;
            glScissor(static_cast<GLint>(x0), static_cast<GLint>(fb_h - y1), static_cast<GLsizei>(x1 - x0),
                      static_cast<GLsizei>(y1 - y0));
            glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(cmd.GetTexID())));
            glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount),
                           sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                           reinterpret_cast<void*>(static_cast<intptr_t>(cmd.IdxOffset * sizeof(ImDrawIdx))));
        }
    }
    glBindVertexArray(0);
    glDisable(GL_SCISSOR_TEST);  // so the next frame's glClear covers the whole canvas
}

}  // namespace pinlab::web
