#include "tools/firmware_build/firmware_build.hpp"

#include "emulator/board/linker_script.hpp"
#include "emulator/files/atomic_file.hpp"
#include "emulator/text/error.hpp"
#include "tools/firmware_build/private_dir.hpp"
#include "tools/firmware_build/subprocess.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace mcuprof::planner {
namespace {

std::string compiler() {
    if (const char* env = std::getenv("MCUPROF_ARM_GCC"); env != nullptr && *env != '\0') return env;
    const std::string configured = MCUPROF_ARM_GCC_DEFAULT;
    return configured.empty() ? "arm-none-eabi-gcc" : configured;
}

std::vector<std::string> cpu_flags(const BoardProfile& board) {
    std::vector<std::string> f = {"-mthumb", std::string("-mcpu=") + to_string(board.core)};
    if (board.fpu == "none") {
        f.push_back("-mfloat-abi=soft");
    } else {
        f.push_back("-mfpu=" + board.fpu);
        f.push_back("-mfloat-abi=hard");
    }
    return f;
}

std::string first_error(const std::string& log_path) {
    std::ifstream in(log_path);
    std::string line;
    std::string first;
    while (std::getline(in, line)) {
        if (first.empty() && !line.empty()) first = line;
        if (line.find("error") != std::string::npos) return line;
    }
    return first.empty() ? "(no output)" : first;
}

void run_step(const std::vector<std::string>& argv, const std::string& log, const std::string& what) {
    const int status = run_program(argv, log);
    if (status == -1) fail("cannot run {} to {} (install gcc-arm-none-eabi or set MCUPROF_ARM_GCC)", argv[0], what);
    if (status != 0) fail("{} failed: {} (full log: {})", what, first_error(log), log);
}

fs::file_time_type newest(const std::vector<fs::path>& dirs, const std::string& ext) {
    // Not file_time_type{}: libstdc++'s file clock counts from 2174, so real times are negative.
    fs::file_time_type t = fs::file_time_type::min();
    for (const fs::path& d : dirs) {
        for (const auto& e : fs::directory_iterator(d)) {
            if (e.path().extension() == ext) t = std::max(t, e.last_write_time());
        }
    }
    return t;
}

}  // namespace

std::string mcuprof_source_dir() {
    if (const char* env = std::getenv("MCUPROF_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
    return MCUPROF_SOURCE_DIR_DEFAULT;
}

FirmwareBuild build_model_firmware(const BoardProfile& board, const std::string& model_c,
                                   const FirmwareBuildOptions& options) {
    const fs::path src = mcuprof_source_dir();
    const fs::path kernels = src / "kernels";
    const fs::path firmware = src / "firmware";
    if (!fs::exists(kernels / "src") || !fs::exists(firmware / "models" / "model_main.c")) {
        fail("mcuprof sources not found in {} (set MCUPROF_SOURCE_DIR to the mcuprof source tree)", src.string());
    }
    const fs::path work = options.work_dir;
    fs::create_directories(work);
    const fs::path cache = fs::path(options.cache_dir.empty() ? options.work_dir : options.cache_dir) /
                           fmt::format("kernels-{}-{}{}", to_string(board.core), board.fpu, options.optimization);
    fs::create_directories(cache);

    const std::string cc = compiler();
    std::vector<std::string> cflags = cpu_flags(board);
    for (const std::string& f : {options.optimization, std::string("-g"), std::string("-std=c11"),
                                 std::string("-ffunction-sections"), std::string("-fdata-sections"),
                                 std::string("-fstack-usage"), std::string("-fcallgraph-info=su"), std::string("-Wall"), std::string("-Wextra")}) {
        cflags.push_back(f);
    }
    for (const fs::path& inc : {kernels / "include", firmware / "include", firmware / "semihost", firmware / "models"}) {
        cflags.push_back("-I" + inc.string());
    }
    auto compile = [&](const fs::path& source, const fs::path& object) {
        std::vector<std::string> argv = {cc};
        argv.insert(argv.end(), cflags.begin(), cflags.end());
        argv.insert(argv.end(), {"-c", source.string(), "-o", object.string()});
        run_step(argv, object.string() + ".log", "compiling " + source.filename().string());
    };

    std::vector<std::string> objects;
    // Kernels: cached, rebuilt when the source or any kernel header is newer.
    const fs::file_time_type headers = newest({kernels / "include" / "vit", kernels / "src"}, ".h");
    std::vector<fs::path> kernel_sources;
    for (const auto& e : fs::directory_iterator(kernels / "src")) {
        if (e.path().extension() == ".c") kernel_sources.push_back(e.path());
    }
    std::sort(kernel_sources.begin(), kernel_sources.end());
    for (const fs::path& s : kernel_sources) {
        const fs::path o = cache / (s.stem().string() + ".o");
        const fs::path ci = cache / (s.stem().string() + ".ci");
        if (!fs::exists(o) || !fs::exists(ci) || fs::last_write_time(o) < std::max(fs::last_write_time(s), headers)) {
            // Builds running at the same time (compare's threads, other
            // processes) share the cache: compile in a fresh private
            // directory, then rename into place (atomic on one file system),
            // the object last so that an object implies its .su and .ci.
            // A failed compile leaves it behind: the error names the log in it.
            const fs::path tmp = make_private_dir(cache.string(), "tmp");
            compile(s, tmp / o.filename());
            for (const char* ext : {".su", ".ci"}) {
                fs::rename(tmp / (s.stem().string() + ext), cache / (s.stem().string() + ext));
            }
            fs::rename(tmp / o.filename(), o);
            fs::remove_all(tmp);
        }
        objects.push_back(o.string());
    }
    std::vector<std::pair<fs::path, std::string>> own = {{model_c, "model.o"},
                                                         {firmware / "models" / "model_main.c", "model_main.o"},
                                                         {firmware / "startup" / "startup.c", "startup.o"},
                                                         {firmware / "semihost" / "semihost.c", "semihost.o"}};
    // The generated firmware configures the clock to the part's maximum, as a
    // deployable one does: the board's bring-up (firmware/board), called by
    // the startup before main.
    if (board.clock.controller != ClockControllerKind::Fixed) {
        cflags.push_back("-DMCUPROF_BOARD_CLOCK=1");
        if (!options.board_caches) cflags.push_back("-DMCUPROF_BOARD_CACHES=0");
        cflags.push_back("-I" + (firmware / "board").string());
        own.push_back({firmware / "board" / (std::string(to_string(board.clock.controller)) + "_clock.c"), "board_clock.o"});
    }
    for (const auto& [source, object] : own) {
        compile(source, work / object);
        objects.push_back((work / object).string());
    }

    LinkerScriptOptions lso;
    lso.stack_size = options.stack_size;
    lso.sram_budget = options.sram_budget;
    const fs::path ld = work / "model.ld";
    write_file_atomically(ld.string(), generate_linker_script(board, lso));
    FirmwareBuild result;
    result.elf = (work / "model.elf").string();
    result.map = (work / "model.map").string();
    result.work_dir = work.string();
    result.kernel_dir = cache.string();
    std::vector<std::string> argv = {cc};
    const std::vector<std::string> cpu = cpu_flags(board);
    argv.insert(argv.end(), cpu.begin(), cpu.end());
    // 1 KB pages: see cmake/Firmware.cmake.
    argv.insert(argv.end(), {"-nostartfiles", "--specs=nano.specs", "-T", ld.string(), "-Wl,--gc-sections",
                             "-Wl,-z,max-page-size=1024", "-Wl,-Map=" + result.map});
    argv.insert(argv.end(), objects.begin(), objects.end());
    argv.insert(argv.end(), {"-o", result.elf});
    run_step(argv, (work / "link.log").string(), "linking " + result.elf);
    return result;
}

}  // namespace mcuprof::planner
