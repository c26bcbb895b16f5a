#include "http/server.hpp"

#include <atomic>
#include <csignal>
#include <thread>

#include <restinio/all.hpp>

#include "http/error_mapping.hpp"
#include "log/log.hpp"

namespace reskill::http {

namespace {

// Default (thread-safe, strand-based) traits with the connection-count limiter switched on.
struct Traits : restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t> {
  static constexpr bool use_connection_count_limiter = true;
};

Request ToRequest(const restinio::request_handle_t& req) {
  Request out;
  const auto& h = req->header();
  out.method_text = h.method().c_str();
  out.method = ParseMethod(out.method_text);
  const std::string_view raw_path = h.path();
  out.path = PercentDecode(raw_path, false).value_or(std::string(raw_path));
  out.query = ParseUrlEncoded(h.query());
  h.for_each_field([&out](const auto& field) {
    std::string name = field.name();
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace_back(std::move(name), field.value());
  });
  out.body = req->body();
  out.remote_address = req->remote_endpoint().address().to_string();
  return out;
}

}  // namespace

Status RunServer(HttpApp& app, const ServerOptions& options,
                 const std::function<void()>& on_listening) {
  asio::io_context ioctx;
  const auto limits = restinio::incoming_http_msg_limits_t{}.max_body_size(
      static_cast<std::uint64_t>(options.transport_body_limit));
  restinio::http_server_t<Traits> server{
      restinio::external_io_context(ioctx),
      restinio::server_settings_t<Traits>{}
          .address(options.host)
          .port(options.port)
          .concurrent_accepts_count(static_cast<std::size_t>(options.threads))
          .max_parallel_connections(static_cast<std::size_t>(options.max_connections))
          .read_next_http_message_timelimit(std::chrono::seconds(options.read_timeout_s))
          .write_http_response_timelimit(std::chrono::seconds(options.write_timeout_s))
          .handle_request_timeout(std::chrono::seconds(options.handle_timeout_s))
          .incoming_http_msg_limits(limits)
          .socket_options_setter([](auto& opts) { opts.set_option(asio::ip::tcp::no_delay{true}); })
          .request_handler([&app](restinio::request_handle_t req) {
            Response resp = app.Handle(ToRequest(req));
            restinio::http_status_line_t status{
                restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)},
                std::string(ReasonPhrase(resp.status))};
            const auto headers = [&resp](auto& builder) {
              if (!resp.content_type.empty())
                builder.append_header("Content-Type", resp.content_type);
              bool close = false;
              for (const auto& [name, value] : resp.headers) {
                if (name == "Connection") {
                  close = value == "close";
                  continue;
                }
                if (name == "Content-Length") continue;  // the builder writes it
                builder.append_header(name, value);
              }
              if (close) builder.connection_close();
            };
            // A HEAD answer says the GET's length and sends no content: the builder that
            // computes Content-Length from the body would say 0.
            if (const auto length = resp.Header("Content-Length");
                length && req->header().method() == restinio::http_method_head()) {
              auto builder =
                  req->create_response<restinio::user_controlled_output_t>(std::move(status));
              headers(builder);
              builder.set_content_length(std::stoull(std::string(*length)));
              builder.done();
              return restinio::request_accepted();
            }
            auto builder = req->create_response(std::move(status));
            headers(builder);
            builder.set_body(std::move(resp.body));  // a statements page is ~130 KB: no copy
            builder.done();
            return restinio::request_accepted();
          })};

  std::exception_ptr open_error;
  std::atomic<bool> opened{false};
  server.open_async(
      [&] {
        opened = true;
        if (on_listening) on_listening();
      },
      [&](std::exception_ptr ex) {
        open_error = ex;
        ioctx.stop();
      });

  // Graceful shutdown: refuse new work, wait for in-flight requests, then close.
  asio::signal_set signals{ioctx, SIGINT, SIGTERM};
  asio::steady_timer drain_timer{ioctx};
  const auto deadline_holder = std::make_shared<std::chrono::steady_clock::time_point>();
  std::function<void()> poll_drain;
  poll_drain = [&] {
    if (app.in_flight() > 0 && std::chrono::steady_clock::now() < *deadline_holder) {
      drain_timer.expires_after(std::chrono::milliseconds(10));
      drain_timer.async_wait([&](const asio::error_code&) { poll_drain(); });
      return;
    }
    // A short pause lets the last responses leave their sockets before connections close.
    drain_timer.expires_after(std::chrono::milliseconds(50));
    drain_timer.async_wait([&](const asio::error_code&) {
      server.close_async([&] { ioctx.stop(); }, [&](std::exception_ptr) { ioctx.stop(); });
    });
  };
  signals.async_wait([&](const asio::error_code& ec, int signo) {
    if (ec) return;
    RESKILL_LOG_INFO("server.shutdown", "signal={} in_flight={}", signo, app.in_flight());
    app.SetDraining(true);
    *deadline_holder =
        std::chrono::steady_clock::now() + std::chrono::seconds(options.shutdown_grace_s);
    poll_drain();
  });

  auto work = asio::make_work_guard(ioctx);
  std::vector<std::thread> pool;
  for (int i = 1; i < options.threads; ++i) {
    pool.emplace_back([&ioctx] { ioctx.run(); });
  }
  ioctx.run();
  work.reset();
  ioctx.stop();
  for (auto& t : pool) t.join();
  // Let the handlers still queued (connections finishing their close) run now, while the server
  // they refer to is alive; destroying them later, with the io_context, would touch freed state.
  ioctx.restart();
  ioctx.run_for(std::chrono::seconds(2));

  if (open_error) {
    try {
      std::rethrow_exception(open_error);
    } catch (const std::exception& e) {
      return Unavailable("cannot listen on " + options.host + ":" + std::to_string(options.port),
                         e.what());
    }
  }
  RESKILL_LOG_INFO("server.stopped", "clean=true");
  return Status::Ok();
}

}  // namespace reskill::http
