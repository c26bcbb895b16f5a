# reskill_embed(TARGET NAME FUNCTION BASE_DIR FILES ...)
# Turns text files (SQL, templates, catalogs) into a generated .cpp that defines
#   std::span<const reskill::EmbeddedFile> FUNCTION();
# with paths relative to BASE_DIR, and adds it to TARGET. The files stay readable on disk;
# the binary is self-contained.
function(reskill_embed target func base_dir)
  set(files ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded_${func}.cpp")
  set(abs_files "")
  foreach(f ${files})
    list(APPEND abs_files "${CMAKE_CURRENT_SOURCE_DIR}/${f}")
  endforeach()
  string(REPLACE ";" "|" files_arg "${abs_files}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DFUNC=${func} -DBASE=${base_dir}
            "-DFILES=${files_arg}" -P "${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake"
    DEPENDS ${abs_files} "${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake"
    COMMENT "Embedding ${func}"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
