-- Neovim's own LSP client (no plugins) on sidecar-lint-lsp, for test/lsp-neovim.test.ts: opens the file given,
-- waits for the server's diagnostics, writes them, applies the "disable for this line" code action of the first
-- duplicate-mount-path diagnostic, waits for the new diagnostics, and writes them and the buffer. Works from
-- Neovim 0.7 (Debian 12's) on: vim.lsp.start_client and buf_attach_client rather than 0.8's vim.lsp.start.
local server = os.getenv('SIDECAR_LINT_LSP')
local root = os.getenv('SIDECAR_LINT_WORKSPACE')
local output = os.getenv('SIDECAR_LINT_OUTPUT')
local lines = {}

local function say(record)
  table.insert(lines, vim.fn.json_encode(record))
end

local function finish()
  vim.fn.writefile(lines, output)
  vim.cmd('qall!')
end

local function diagnostics(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(found, { line = d.lnum, col = d.col, end_line = d.end_lnum, end_col = d.end_col, severity = d.severity, code = d.code, source = d.source, message = d.message })
  end
  table.sort(found, function(a, b) return a.line < b.line or (a.line == b.line and a.col < b.col) end)
  return found
end

vim.cmd('filetype on')
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'yaml',
  callback = function(args)
    local client = vim.lsp.start_client({
      name = 'sidecar-lint',
      cmd = { 'node', server, '--stdio' },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = 'workspace' } },
    })
    vim.lsp.buf_attach_client(args.buf, client)
  end,
})

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local bufnr = vim.api.nvim_get_current_buf()
    if not vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20) then
      say({ error = 'no diagnostics' })
      return finish()
    end
    say({ before = diagnostics(bufnr) })
    local target
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'duplicate-mount-path' then target = d end
    end
    -- Neovim 0.7 keeps no LSP range with a diagnostic: made again from its columns (bytes; the fixture is ASCII).
    local lsp_diagnostic = {
      range = { start = { line = target.lnum, character = target.col }, ['end'] = { line = target.end_lnum, character = target.end_col } },
      code = target.code,
      source = target.source,
      message = target.message,
      severity = target.severity,
    }
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = lsp_diagnostic.range,
      context = { diagnostics = { lsp_diagnostic } },
    }, 10000)
    local chosen
    local titles = {}
    for _, response in pairs(responses or {}) do
      for _, action in ipairs(response.result or {}) do
        table.insert(titles, action.title)
        if action.title == 'Disable duplicate-mount-path for this line' then chosen = action end
      end
    end
    say({ actions = titles })
    if not chosen then return finish() end
    vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
    local settled = vim.wait(20000, function()
      for _, d in ipairs(vim.diagnostic.get(bufnr)) do
        if d.code == 'duplicate-mount-path' then return false end
      end
      return #vim.diagnostic.get(bufnr) > 0
    end, 20)
    say({ settled = settled, after = diagnostics(bufnr), text = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false) })
    finish()
  end,
})
